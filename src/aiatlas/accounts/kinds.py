"""The kinds of e-mail the application writes: for each, its placeholders and its default
subject and body. The secretariat may replace the text of a kind per edition and language
(:class:`~aiatlas.accounts.models.MessageTemplate`); placeholders in braces, such as
``{link}``, are filled when a message is written, and an unknown one is refused."""

from __future__ import annotations

import string
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MessageKind:
    key: str
    label: Promise | str
    subject: Promise | str
    body: Promise | str
    #: placeholder -> what it holds (shown beside the template form)
    placeholders: dict[str, Promise | str] = field(default_factory=dict)
    #: sample values for the preview
    sample: dict[str, str] = field(default_factory=dict)


_LINK = _("the link to the item (absolute, in the recipient's language)")
_NAME = _("the recipient's name, else the e-mail address")
#: what a survey's invitation and its reminder may say, and an example of each
_SURVEY_PLACES = {
    "name": _("the contact's name, else the ministry, else the country"),
    "survey": _("the survey's title"),
    "closes": _("the closing date sentence, or nothing"),
    "link": _("the personal link (removed from the outbox once sent)"),
}
_SURVEY_EXAMPLE = {
    "survey": "AI readiness 2025",
    "closes": "The questionnaire closes on 2025-12-31.",
}

KINDS: dict[str, MessageKind] = {
    k.key: k
    for k in [
        MessageKind(
            "call.opened",
            _("Call for contributions opened"),
            _("Call for contributions: {edition}"),
            _(
                "Dear {name},\n\nThe call for contributions to {edition} is open until "
                "{deadline}.\n\n{message}\n\nSign in to see your organization's activities, "
                "carry them forward, add new ones or withdraw those that ended:\n{link}\n"
            ),
            {
                "name": _NAME,
                "edition": _("the edition's title"),
                "deadline": _("the deadline (YYYY-MM-DD)"),
                "message": _("the message typed when the call was opened"),
                "link": _LINK,
            },
            {"message": "Please report by the deadline."},
        ),
        MessageKind(
            "call.reminder",
            _("Reminder of open work in a call"),
            _("Reminder: {edition}"),
            _(
                "Dear {name},\n\nA reminder about {edition} (deadline {deadline}). Still open "
                "for {organization}:\n- activities of the previous edition to carry forward "
                "or withdraw: {outstanding}\n- drafts not yet submitted: {drafts}\n"
                "- submissions returned with requested changes: {returned}\n\n{link}\n"
            ),
            {
                "name": _NAME,
                "edition": _("the edition's title"),
                "deadline": _("the deadline (YYYY-MM-DD)"),
                "organization": _("the entity"),
                "outstanding": _("activities still to carry forward or withdraw"),
                "drafts": _("drafts not yet submitted"),
                "returned": _("submissions returned with requested changes"),
                "link": _LINK,
            },
            {"outstanding": "3", "drafts": "1", "returned": "0"},
        ),
        MessageKind(
            "submission.to_approve",
            _("A submission waits for the entity's approval"),
            _("To approve: {title}"),
            _(
                'Dear {name},\n\n{submitter} submitted "{title}" for {organization}. It waits '
                "for your approval before it goes to the secretariat:\n{link}\n"
            ),
            {
                "name": _NAME,
                "title": _("the activity's title"),
                "organization": _("the entity"),
                "submitter": _("who submitted it"),
                "link": _LINK,
            },
            {"submitter": "focal.point@who.example"},
        ),
        MessageKind(
            "submission.to_review",
            _("A submission waits for the secretariat's review"),
            _("To review: {title}"),
            _('Dear {name},\n\n"{title}" of {organization} waits for your review:\n{link}\n'),
            {
                "name": _NAME,
                "title": _("the activity's title"),
                "organization": _("the entity"),
                "link": _LINK,
            },
        ),
        MessageKind(
            "submission.changes_requested",
            _("Changes requested on a submission"),
            _("Changes requested: {title}"),
            _(
                'Dear {name},\n\n{reviewer} asks for changes to "{title}":\n{reasons}\n\n'
                "{comment}\n\nOpen the submission to make them and submit it again:\n{link}\n"
            ),
            {
                "name": _NAME,
                "title": _("the activity's title"),
                "reviewer": _("who asked for the changes"),
                "reasons": _("the reasons, one per line"),
                "comment": _("the reviewer's comment"),
                "link": _LINK,
            },
            {
                "reviewer": "reviewer@un.example",
                "reasons": "- Add the project page",
                "comment": "Please add a link.",
            },
        ),
        MessageKind(
            "submission.approved",
            _("A submission is approved"),
            _("Approved: {title}"),
            _(
                'Dear {name},\n\n"{title}" is approved as {public_id} and will be published '
                "with {edition}:\n{link}\n"
            ),
            {
                "name": _NAME,
                "title": _("the activity's title"),
                "public_id": _("the activity's public id"),
                "edition": _("the edition's title"),
                "link": _LINK,
            },
            {"public_id": "A000123"},
        ),
        MessageKind(
            "submission.comment",
            _("A new comment on a submission"),
            _("New comment: {title}"),
            _(
                'Dear {name},\n\n{author} commented on "{title}" ({organization}):\n\n'
                "{comment}\n\nReply on the submission's page:\n{link}\n"
            ),
            {
                "name": _NAME,
                "title": _("the activity's title"),
                "organization": _("the entity"),
                "author": _("who wrote the comment"),
                "comment": _("the comment"),
                "link": _LINK,
            },
            {"author": "reviewer@un.example", "comment": "Please add a link."},
        ),
        MessageKind(
            "review.digest",
            _("Daily digest of what waits for a reviewer"),
            _("{count} submission(s) wait for your review"),
            _("Dear {name},\n\nThese submissions wait for your review:\n{items}\n\n{link}\n"),
            {
                "name": _NAME,
                "count": _("how many submissions wait"),
                "items": _("one line per submission, with its link"),
                "link": _("the link to the dashboard"),
            },
            {"count": "2", "items": "- Crop disease detection (WHO)\n- Flood maps (WMO)"},
        ),
        MessageKind(
            "survey.invitation",
            _("Invitation to answer a survey"),
            _("Invitation: {survey}"),
            _(
                "Dear {name},\n\nYour country is invited to answer the questionnaire "
                "“{survey}”.\n\nOpen your country's questionnaire with this personal link (no "
                "account is needed; please do not share it outside your team):\n{link}\n\n"
                "{closes}"
            ),
            _SURVEY_PLACES,
            _SURVEY_EXAMPLE,
        ),
        MessageKind(
            "survey.reminder",
            _("Reminder to answer a survey"),
            _("Reminder: {survey}"),
            _(
                "Dear {name},\n\nThis is a reminder: the questionnaire “{survey}” has not been "
                "submitted yet. The new link below works like the earlier one.\n\n{link}\n\n"
                "{closes}"
            ),
            _SURVEY_PLACES,
            _SURVEY_EXAMPLE,
        ),
    ]
}

#: kinds whose text belongs to an edition (the others are site-wide)
EDITION_KINDS = frozenset(k for k in KINDS if k.startswith(("call.", "submission.")))


class PlaceholderError(ValueError):
    """A template names a placeholder its kind does not have, or its braces are broken."""


def placeholders_in(text: str) -> list[str]:
    """The placeholder names of ``text``, in order; PlaceholderError when malformed."""
    names: list[str] = []
    try:
        for _literal, name, spec, conversion in string.Formatter().parse(text):
            if name is None:
                continue
            if not name.isidentifier() or spec or conversion:
                shown = (
                    name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
                )
                message = _("“{%(name)s}” is not a placeholder; write {{ and }} for a brace")
                raise PlaceholderError(str(message) % {"name": shown})
            names.append(name)
    except ValueError as exc:
        if isinstance(exc, PlaceholderError):
            raise
        raise PlaceholderError(
            str(_("the braces do not match (%(error)s); write {{ and }} for a brace"))
            % {"error": exc}
        ) from None
    return names


def check_template(kind: MessageKind, text: str) -> None:
    """PlaceholderError naming every placeholder of ``text`` that ``kind`` does not have."""
    unknown = [n for n in dict.fromkeys(placeholders_in(text)) if n not in kind.placeholders]
    if unknown:
        raise PlaceholderError(
            str(_("unknown placeholder(s): %(names)s; this message knows %(known)s"))
            % {
                "names": ", ".join("{" + n + "}" for n in unknown),
                "known": ", ".join("{" + n + "}" for n in kind.placeholders),
            }
        )


def fill(text: str, values: dict[str, str]) -> str:
    """``text`` with its placeholders replaced (missing values become empty)."""
    return string.Formatter().vformat(text, (), _Values(values))


class _Values(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""
