"""Tables of the programme, by concept: ``core`` (programmes, events, sessions,
registrations), ``calls`` (the call for sessions and its review), ``schedule``
(availability and released versions)."""

from aiatlas.programme.models.calls import (
    Call,
    CallField,
    ConflictOfInterest,
    Proposal,
    ProposalFile,
    ProposalSpeaker,
    Review,
    ReviewAssignment,
    ReviewTeam,
    ScoreCategory,
)
from aiatlas.programme.models.core import (
    AgendaFeed,
    Event,
    Favourite,
    Programme,
    Registration,
    RegistrationQuestion,
    Room,
    Session,
    SessionGoal,
    SessionSpeaker,
    Speaker,
    Track,
)
from aiatlas.programme.models.schedule import ScheduleRelease, SpeakerAvailability

__all__ = [
    "AgendaFeed",
    "Call",
    "CallField",
    "ConflictOfInterest",
    "Event",
    "Favourite",
    "Programme",
    "Proposal",
    "ProposalFile",
    "ProposalSpeaker",
    "Registration",
    "RegistrationQuestion",
    "Review",
    "ReviewAssignment",
    "ReviewTeam",
    "Room",
    "ScheduleRelease",
    "ScoreCategory",
    "Session",
    "SessionGoal",
    "SessionSpeaker",
    "Speaker",
    "SpeakerAvailability",
    "Track",
]
