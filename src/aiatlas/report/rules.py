"""Who may do what with the edition report (django-rules; loaded by
AutodiscoverRulesConfig). The report is below accounts in the app order, so it asks the
roles by name (:func:`aiatlas.common.rules.asks`).

    allowed(user, "report.build")
"""

from __future__ import annotations

from aiatlas.common.rules import asks, register

is_admin = asks("accounts.is_admin")


# the back office builds the PDF and follows its builds (the Build button, the build page)
register("report.build", is_admin)
register("report.view_builds", is_admin)
# the open-data package of an edition whose release time has not come yet
register("report.download_before_release", is_admin)
