"""The text of a fresh incident file: every field, with comments that show the format."""

from __future__ import annotations

from tomlkit.items import String

TEMPLATE = """\
# Incident postmortem. Edit with `postmortem edit FILE`, or by hand: this is TOML.
schema_version = 1
title = {title}
status = "draft"                 # draft | review | final
severity = ""                    # e.g. "SEV-1"
timezone = "UTC"                 # IANA name (America/New_York), "UTC" or an offset ("-05:00")
clock = "24h"                    # how times are shown: 24h (14:05) | 12h (2:05 PM)
authors = []

[summary]
# start = 2024-02-14T10:00:00-05:00
# end = 2024-02-14T12:30:00-05:00
service = ""
impact = ""                      # what users saw, and how many of them
# users_affected_percent = 80
root_cause = ""

# One [[timeline]] table per entry, e.g.
# [[timeline]]
# at = 2024-02-14T10:00:00-05:00
# kind = "detection"   # detection | investigation | misleading | escalation |
#                      # mitigation | resolution | communication | note
# text = "Error-rate alerts fired on the monitoring dashboard."

[analysis]
root_cause = ""
resolution = ""

[measures]
improvements = []

# [[measures.tasks]]
# text = "Validate load balancer configuration before deploys."
# owner = "infra"
# priority = "P1"
# due = 2024-03-01
# done = false
"""


def template_text(title: str = "") -> str:
    """The text of a fresh incident file, with comments that show the format."""
    return TEMPLATE.format(title=String.from_raw(title).as_string())
