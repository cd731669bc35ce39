"""The edition report's optional chapter "Ethics principles" (registered with the report
in ``GovernanceConfig.ready``). Every number comes from ``governance/figures.py`` — the
same figures as the governance figures page and ``GET /api/v1/governance/figures`` — so
only published answers and action items of signed-off assessments of public activities
enter it. The chapter is left out of editions without any such assessment."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from aiatlas.common import l10n
from aiatlas.common.links import absolute_url
from aiatlas.governance import figures
from aiatlas.report.charts import count_bars
from aiatlas.report.content import ExtraChapter, ExtraTable


def ethics_chapter(year: int, language: str) -> ExtraChapter | None:
    found = {f.id: f for f in figures.all_figures(year)}
    assessed = found["assessed"]
    done = next(r.count for r in assessed.rows if r.key == "assessed")
    if not done:
        return None

    def num(n: int) -> str:
        return l10n.format_number(n, language)

    total = assessed.total
    coverage = found["coverage-by-principle"]
    risk = found["risk-by-principle"]
    mitigations = found["mitigations"]
    elevated = {r.key: r.count for r in risk.rows}
    intro = _(
        "Public activities of the edition assessed against the ten Principles for the "
        "Ethical Use of AI in the United Nations System and signed off by the secretariat: "
        "%(n)s of %(total)s."
    ) % {"n": num(done), "total": num(total)}
    rule = _(
        "Only what entities chose to publish counts: a principle is covered by an assessment "
        "that published at least one answer of its section, and its risk is computed from "
        "the published answers alone, by the questionnaire's rule."
    )
    tables = [
        ExtraTable(
            _("Coverage and risk by principle"),
            [_("Principle"), _("Assessments publishing answers"), _("Medium or high risk")],
            [[r.label, num(r.count), num(elevated.get(r.key, 0))] for r in coverage.rows],
        )
    ]
    if mitigations.rows:
        tables.append(
            ExtraTable(
                _("Most common mitigations"),
                [_("Measure (published action items)"), _("Action items")],
                [[r.label, num(r.count)] for r in mitigations.rows],
            )
        )
    charts = [
        count_bars(
            "chart-ethics-coverage",
            _("Assessments publishing answers, by principle"),
            _("Signed-off assessments that published at least one answer of each principle."),
            _("Assessments"),
            [(r.label, r.count) for r in coverage.rows],
        ),
        count_bars(
            "chart-ethics-risk",
            _("Medium or high risk, by principle"),
            _(
                "Assessments whose risk for the principle, from published answers, is medium "
                "or high."
            ),
            _("Assessments"),
            [(r.label, r.count) for r in risk.rows],
        ),
    ]
    return ExtraChapter(
        id="ethics-principles",
        title=_("Ethics principles"),
        paragraphs=[intro, rule],
        tables=tables,
        charts=charts,
        note=_(
            "The same figures, with the activities behind each number, on the governance "
            "figures page:"
        ),
        link=absolute_url(reverse("governance:figures") + f"?edition={year}"),
    )
