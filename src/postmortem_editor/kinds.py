"""Suggest the kind of a timeline entry from its words.

The editor offers the suggestion when an entry is typed, and the importer uses it for
timelines that do not say; the user can always change it. The rules are a table,
:data:`KIND_HINTS`, read from top to bottom: the first kind with a matching phrase wins,
so the order is the priority:

1. escalation    "escalated", "paged the database team": an escalation often names the
                 investigation or resolution it was escalated for, and a page to a team
                 is an escalation, not the detection.
2. misleading    "misleading", "assumed", "red herring": a misleading path is described
                 with the investigation or the rollback that led nowhere.
3. communication "notified customers", "status page": updates often report a
                 resolution or a mitigation.
4. resolution    "restored", "resolved", "back to normal": the end of the incident is
                 often reached by a fix, "resolved by correcting ... and restarting".
5. mitigation    "rolled back", "restarted", "corrected": actions that may be "begun".
6. detection     "detected", "alert", "paged", "noticed": before investigation, so that
                 the detection is kept (time to detect is measured from it).
7. investigation "investigated", "reviewed", "identified", "began".
8. note          anything else.

Phrases are regular expressions matched case-insensitively on word boundaries.
"""

from __future__ import annotations

import re

from postmortem_editor.model import Kind

KIND_HINTS: tuple[tuple[Kind, tuple[str, ...]], ...] = (
    (
        Kind.ESCALATION,
        (
            r"escalat(?:e|ed|es|ing|ion|ions)",
            # "paged the DBA", "notified the on-call database engineer", "brought in a vendor"
            r"(?:paged|called|notified|contacted|engaged|pulled in|brought in|looped in"
            r"|handed (?:it |over )?to) (?:the |a |an |our )(?:[\w-]+ ){0,2}"
            r"(?:teams?|dbas?|leads?|managers?|engineers?|sres?|vendors?|support|on-call"
            r"|oncall|specialists?|experts?|administrators?|admins?)",
        ),
    ),
    (
        Kind.MISLEADING,
        (
            r"misleading(?:ly)?",
            r"misled",
            r"red herrings?",
            # not "assumed command", "assumed the role of incident commander"
            r"assumed(?! (?:command|the role|responsibility|ownership|control))",
            r"assuming",
            r"assumptions?",
            r"suspected",
            r"wrongly",
            r"mistakenly",
            r"erroneously",
            r"turned out (?:not|to be (?:unrelated|a red herring|a false lead|wrong))",
            r"false (?:lead|trail)",
            r"dead end",
            r"wrong (?:path|lead|track|direction|assumption)",
            r"unrelated",
        ),
    ),
    (
        Kind.COMMUNICATION,
        (
            r"(?:notified|informed|emailed|updated|messaged) (?:all |the |our |affected )?"
            r"(?:customers|users|clients|stakeholders|subscribers|partners|the public)",
            r"status ?page",
            r"announc(?:ed|ement|ing)",
            r"communicat(?:ed|ing|ion|ions)",
            r"posted (?:an? |the )?(?:update|notice|message|announcement)",
            r"update posted",
            r"(?:sent|published) (?:an? |the )?(?:update|notice|incident report|announcement)",
            r"tweeted",
            r"customer (?:notice|notification|email|update)",
        ),
    ),
    (
        Kind.RESOLUTION,
        (
            r"restored",
            r"restoration",
            r"restoring (?:normal|full|all)",
            r"resolved",
            r"resolution",
            r"recovered",
            r"full recovery",
            r"back to normal",
            r"back online",
            r"fully operational",
            r"operational again",
            r"(?:service|services|operations?) (?:resumed|returned to normal)",
            r"all clear",
            r"incident (?:closed|over|ended)",
            r"outage ended",
            # "bringing the outage to an end", "Service resumes. Incident ends."
            r"(?:bringing|brought|brings|coming|came|comes) (?:the |this )?"
            r"(?:outage|incident|issue|problem|downtime|disruption) to an end",
            r"(?:outage|incident|issue|problem|disruption|downtime|errors) "
            r"(?:ends|is over|goes away|went away|disappeared)",
            r"(?:service|services|site|website|page|hub|api|launches) "
            r"(?:resume[sd]?|(?:is |was |are |were )?back up)",
            r"all systems (?:verified )?operational",
            r"verified (?:all systems )?operational",
            r"(?:solved|fixed) the (?:issue|problem|outage)",
            r"(?:issue|problem|outage) (?:was |is |has been )?(?:permanently |fully )?"
            r"(?:fixed|solved)",
            r"resolving the (?:overall )?(?:incident|issue|outage)",
        ),
    ),
    (
        Kind.MITIGATION,
        (
            r"roll(?:ed|ing)?[ -]?backs?",
            r"revert(?:ed|ing)?",
            r"restart(?:ed|ing|s)?",
            r"reboot(?:ed|ing)?",
            r"fail(?:ed|ing)?[ -]?over",
            r"mitigat(?:ed|ing|ion)",
            r"scaled(?: up| out| down)?",
            r"scaling (?:up|out)",
            r"correct(?:ed|ing)",
            r"fix(?:ed)?",
            r"hot ?fix(?:ed)?",
            r"patch(?:ed)?",
            r"applied (?:a |the )?(?:fix|patch|workaround)",
            r"workaround",
            r"(?:redirected|rerouted|re-routed|shifted|drained) (?:the )?traffic",
            r"rerouted",
            r"redirected",
            r"drained",
            r"reconfigur(?:ed|ing)",
            r"adjusted",
            r"disabled",
            r"(?:added|increased) capacity",
            r"flushed",
            r"cleared (?:the )?cache",
            r"purged",
            r"killed",
        ),
    ),
    (
        Kind.DETECTION,
        (
            r"detect(?:ed|ion)",
            r"alert(?:s|ed|ing)?",
            r"paged",
            r"paging",
            r"notified (?:of|by|about)",
            r"(?:users?|customers?|clients?) reported",
            r"reported by (?:users?|customers?|clients?|support)",
            r"(?:user|customer|support) (?:reports?|tickets?|complaints?)",
            r"noticed",
            r"spotted",
            r"discovered",
        ),
    ),
    (
        Kind.INVESTIGATION,
        (
            r"investigat(?:e|ed|es|ing|ion|ions)",
            r"review(?:ed|ing)",
            r"check(?:ed|ing)",
            r"examin(?:e|ed|ing|ation)",
            r"look(?:ed|ing) into",
            r"identif(?:y|ied|ying)",
            r"began",
            r"begun",
            r"analy[sz](?:e|ed|ing|is)",
            r"diagnos(?:e|ed|ing|is)",
            r"debugg(?:ed|ing)",
            r"inspect(?:ed|ing)",
            r"traced",
            r"confirmed",
            r"rul(?:ed|ing) out",
            r"(?:attention|focus) shifted",
            r"shift(?:ed|ing) (?:focus|attention)",
            r"revealed",
            r"found",
            r"triag(?:e|ed|ing)",
        ),
    ),
)
"""Phrases that suggest each kind, in priority order (first match wins); else Kind.NOTE."""

_RULES: tuple[tuple[Kind, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(r"\b(?:" + "|".join(phrases) + r")\b", re.IGNORECASE))
    for kind, phrases in KIND_HINTS
)


def kind_hint(text: str) -> tuple[Kind, str] | None:
    """The kind an entry's words suggest and the words that suggest it; None when none do.

    ``kind_hint("Incident escalated to the infrastructure team")`` gives
    ``(Kind.ESCALATION, "escalated")``. The rules are those of :data:`KIND_HINTS`.
    """
    for kind, pattern in _RULES:
        match = pattern.search(text)
        if match:
            return kind, match.group(0)
    return None


def suggest_kind(text: str) -> Kind:
    """The kind an entry's words suggest, by the rules of :data:`KIND_HINTS`; Kind.NOTE if none.

    Deterministic and case-insensitive: "Service fully restored after the fix" is a
    resolution, "Incident escalated to the infrastructure team" an escalation.
    """
    hint = kind_hint(text)
    return hint[0] if hint else Kind.NOTE
