"""``aiatlas survey demo``: the illustrative questionnaire and ~150 synthetic responses.
Demo data: illustrative, not real survey responses."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from aiatlas.catalog.models import Country
from aiatlas.survey import engine
from aiatlas.survey.demo import DEMO_NOTICE, DEMO_XLSX, synthetic_answers
from aiatlas.survey.form import Form
from aiatlas.survey.models import AccessToken, Invitation, Response, ResponseStatus, Survey
from aiatlas.survey.services.forms import create_survey
from aiatlas.survey.services.invitations import hash_token


@dataclass
class DemoResult:
    survey: Survey
    invited: int
    submitted: int
    drafts: int
    sample_link_path: str


def load_demo(*, responses: int = 150, invited: int = 193, seed: int = 7) -> DemoResult:
    """A fresh demo survey (earlier demo surveys are replaced), open for 60 days."""
    now = timezone.now()
    with transaction.atomic():
        Survey.objects.filter(is_demo=True).delete()
        survey, _summary = create_survey(
            data=DEMO_XLSX.read_bytes(),
            filename=DEMO_XLSX.name,
            title="AI Landscape Survey (demo)",
            description=DEMO_NOTICE,
            is_demo=True,
            opens_at=now - dt.timedelta(days=30),
            closes_at=now + dt.timedelta(days=60),
        )
        # the demo's answers are made up: shown on the governance country pages too
        survey.results_public = survey.country_pages = True
        survey.save(update_fields=["results_public", "country_pages"])
        form = Form(survey.form)
        rng = random.Random(seed)
        states = list(
            Country.objects.exclude(region=None).select_related("region").order_by("alpha3")
        )
        chosen = sorted(rng.sample(states, min(invited, len(states))), key=lambda c: c.alpha3)
        invitations = Invitation.objects.bulk_create(
            [
                Invitation(
                    survey=survey,
                    country=c,
                    ministry="Ministry of ICT (demo)",
                    contact_name=f"Focal point {c.alpha3}",
                    contact_email=f"focal.{c.alpha3.lower()}@example.org",
                )
                for c in chosen
            ]
        )
        # demo tokens are derived from the seed so the demo link is reproducible; real
        # invitations use secrets.token_urlsafe(32)
        tokens = []
        for inv in invitations:
            token = (f"demo{seed:02d}{inv.country_id}" + "x" * 43)[:43]
            tokens.append(AccessToken(invitation=inv, token_hash=hash_token(token)))
        AccessToken.objects.bulk_create(tokens)
        answering = rng.sample(invitations, min(responses + 10, len(invitations)))
        rows = []
        submitted = drafts = 0
        for i, inv in enumerate(answering):
            region = inv.country.region.name if inv.country.region else ""
            answers = engine.settle(form, synthetic_answers(inv.country_id, region, seed))
            ok = not engine.validate_all(form, answers, "en")
            done = ok and i < responses
            rows.append(
                Response(
                    invitation=inv,
                    answers=answers,
                    language="en",
                    version=2,
                    status=ResponseStatus.SUBMITTED if done else ResponseStatus.DRAFT,
                    submitted_at=now - dt.timedelta(days=rng.randint(0, 29)) if done else None,
                )
            )
            submitted += done
            drafts += not done
        Response.objects.bulk_create(rows)
    pending = next((inv for inv in invitations if inv not in answering), invitations[0])
    path = f"/en/survey/r/{(f'demo{seed:02d}{pending.country_id}' + 'x' * 43)[:43]}/"
    return DemoResult(survey, len(invitations), submitted, drafts, path)
