"""Operations of the submission workflow: keyword-only, one transaction each, raising
:mod:`aiatlas.submissions.exceptions`. ``calls`` opens and closes calls for contributions,
``drafts`` is the focal point's side, ``review`` the approvers' and the secretariat's."""
