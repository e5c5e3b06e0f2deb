"""An incident file written by hand, with comments, for the merge tests."""

QUEUE_BACKLOG = """\
# Written during the outage; times are UTC.
schema_version = 1
title = "Queue backlog"
status = "draft"      # draft | review | final
severity = "SEV-2"    # agreed with billing
timezone = "UTC"

[summary]
service = 'orders'
impact = \"\"\"
Orders were late.\"\"\"

# --- what happened ---

[[timeline]]
at = 2024-05-02T14:00:00Z
kind = "detection"
text = "Backlog alert fired"

[[timeline]]
at = 2024-05-02T14:05:00Z   # from the chat log
kind = "mitigation"
text = "Scaled consumers to 12"

[measures]
improvements = [
    "Alert on queue age",  # the alert we lacked
]
"""
"""An incident with comments in several places: above tables, after values, in an array."""
