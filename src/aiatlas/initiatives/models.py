"""Tables of ITU's AI focus groups, global initiatives and challenges.

A :class:`Group` (FG-AI4H, GI-AI4H, AI for Road Safety …) has milestones (established,
extended, closed, each with its decision), leadership, sub-groups, deliverables and
meetings, and may name its predecessor; catalog activities and programme events link to
it. A :class:`Challenge` has problem statements, rounds, teams, entries with scores and
ranks per round, and prizes. Records of the demo are ``illustrative`` and say so."""

from __future__ import annotations

from django.db import models

from aiatlas.catalog.models import Activity, Organization
from aiatlas.initiatives.choices import (
    DeliverableKind,
    DeliverableStatus,
    GroupKind,
    GroupStatus,
    LeadRole,
    MilestoneKind,
    Participation,
    RoundLevel,
    SubgroupKind,
    TeamCategory,
)


class Group(models.Model):
    acronym = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=GroupKind.choices)
    status = models.CharField(max_length=10, choices=GroupStatus.choices, default="active")
    #: the parent body, e.g. "ITU-T Study Group 16"
    parent = models.CharField(max_length=200, blank=True)
    summary = models.CharField(max_length=500, blank=True)
    mandate = models.TextField(blank=True, help_text="Markdown: the terms of reference")
    participation = models.CharField(
        max_length=10, choices=Participation.choices, default=Participation.OPEN
    )
    partners = models.ManyToManyField(Organization, blank=True, related_name="initiatives")
    predecessor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="successors"
    )
    activities = models.ManyToManyField(
        Activity, blank=True, related_name="initiatives", help_text="UN activities building on it"
    )
    #: SDG target codes such as "3.8" (curated)
    sdg_targets = models.JSONField(default=list, blank=True)
    website = models.URLField(max_length=500, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_public = models.BooleanField(default=False)
    illustrative = models.BooleanField(default=False)

    class Meta:
        ordering = ["acronym"]

    def __str__(self) -> str:
        return self.acronym


class Milestone(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(max_length=12, choices=MilestoneKind.choices)
    date = models.DateField()
    decision = models.CharField(max_length=300, blank=True, help_text="who decided, where")
    link = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.group.acronym} {self.kind} {self.date}"


class Subgroup(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="subgroups")
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=SubgroupKind.choices)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["group", "code"], name="subgroup_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Leader(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="leaders")
    subgroup = models.ForeignKey(Subgroup, null=True, blank=True, on_delete=models.CASCADE)
    role = models.CharField(max_length=12, choices=LeadRole.choices)
    name = models.CharField(max_length=200)
    affiliation = models.CharField(max_length=200, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["role", "starts_on", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


class Deliverable(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="deliverables")
    code = models.CharField(max_length=40, help_text="e.g. D.WG3-01")
    title = models.CharField(max_length=500)
    kind = models.CharField(max_length=25, choices=DeliverableKind.choices)
    subgroup = models.ForeignKey(Subgroup, null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField(
        max_length=12, choices=DeliverableStatus.choices, default=DeliverableStatus.DRAFT
    )
    approved_on = models.DateField(null=True, blank=True)
    #: what it became in the parent group, e.g. "ITU-T H.Sup.XX"
    became = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True)
    link = models.URLField(max_length=500, blank=True)
    sdg_targets = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["group__acronym", "code"]
        constraints = [models.UniqueConstraint(fields=["group", "code"], name="deliverable_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Meeting(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="meetings")
    number = models.PositiveSmallIntegerField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    host = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    online = models.BooleanField(default=False)
    participants = models.PositiveIntegerField(null=True, blank=True)
    countries = models.PositiveSmallIntegerField(null=True, blank=True)
    #: co-located AI for Good sessions (a programme event's slug, when the programme has it)
    programme_event = models.SlugField(max_length=80, blank=True)

    class Meta:
        ordering = ["group__acronym", "number"]
        constraints = [models.UniqueConstraint(fields=["group", "number"], name="meeting_no")]

    def __str__(self) -> str:
        return f"{self.group.acronym} meeting {self.number}"


class MeetingDocument(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    code = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=300)
    url = models.URLField(max_length=500)
    #: restricted documents are listed by title only, without their link, on public pages
    public = models.BooleanField(default=False)

    class Meta:
        ordering = ["code", "title"]

    def __str__(self) -> str:
        return self.title


class Challenge(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=300)
    year = models.PositiveSmallIntegerField()
    group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.SET_NULL, related_name="challenges"
    )
    summary = models.TextField(blank=True)
    judges = models.JSONField(default=list, blank=True, help_text="names of the judges")
    illustrative = models.BooleanField(default=False)

    class Meta:
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return self.title


class ProblemStatement(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="problems")
    code = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    owner = models.CharField(max_length=200, help_text="who posed it (industry, academia)")
    track = models.CharField(max_length=100, blank=True)
    #: [{"name", "provider", "licence"}]
    datasets = models.JSONField(default=list, blank=True)
    criteria = models.TextField(blank=True, help_text="how entries are evaluated")
    standard = models.CharField(max_length=100, blank=True, help_text="linked standard")

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["challenge", "code"], name="problem_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Round(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="rounds")
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=10, choices=RoundLevel.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=200)
    category = models.CharField(max_length=12, choices=TeamCategory.choices)
    #: ISO 3166 alpha-3 codes of the members' countries
    countries = models.JSONField(default=list, blank=True)
    members = models.JSONField(default=list, blank=True, help_text="member names")

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["challenge", "name"], name="team_name")]

    def __str__(self) -> str:
        return self.name


class Entry(models.Model):
    """A team's submission in a round: entered or imported by the organisers."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="entries")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="entries")
    problem = models.ForeignKey(ProblemStatement, null=True, blank=True, on_delete=models.SET_NULL)
    repository = models.URLField(max_length=500, blank=True)
    score = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)

    class Meta:
        ordering = ["round", "-score", "team__name"]
        constraints = [models.UniqueConstraint(fields=["round", "team"], name="entry_once")]

    def __str__(self) -> str:
        return f"{self.team} in {self.round}"


class Prize(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="prizes")
    name = models.CharField(max_length=200)
    winner = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name
