"""The Rubric pane (F5): the findings of the chosen rubric, each taking Enter to its field."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, Select, TabbedContent

from ..editor_helpers import (
    SIZE,
    focus,
    open_app,
    status_text,
)


async def test_f5_lists_the_findings_and_enter_jumps_to_the_field(undated: Path) -> None:
    app = open_app(undated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        findings = app.editor.query_one("#findings", OptionList)
        assert app.focused is findings
        assert app.editor.query_one("#panes", TabbedContent).active == "tab-rubric"
        ids = [findings.get_option_at_index(i).id for i in range(findings.option_count)]
        assert ids[0] == "0:summary.start"
        assert findings.highlighted == 0, "the first finding is selected, ready for Enter"
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "summary-start"
        assert app.editor.query_one("#panes", TabbedContent).active == "tab-summary"


def _prompts(findings: OptionList) -> list[str]:
    return [str(findings.get_option_at_index(i).prompt) for i in range(findings.option_count)]


async def test_findings_name_entries_as_shown_and_say_which_keys_fix_them(undated: Path) -> None:
    app = open_app(undated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        app.editor.query_one("#rubric", Select).value = "holberton"
        await pilot.pause()
        prompts = _prompts(app.editor.query_one("#findings", OptionList))
        assert not any("timeline[" in prompt for prompt in prompts)
        assert any(p.startswith("warning timeline entry 2 (Detection Method): ") for p in prompts)
        untimed = next(p for p in prompts if "[PM010]" in p)
        assert untimed.endswith("Enter on the entry edits it: type its time")


async def test_choosing_the_holberton_rubric_adds_its_findings(undated: Path) -> None:
    app = open_app(undated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        findings = app.editor.query_one("#findings", OptionList)
        assert not any("[HB" in prompt for prompt in _prompts(findings))
        await focus(pilot, "#rubric")
        await pilot.press("enter", "down", "enter")  # open the choice, pick "holberton"
        await pilot.pause()
        assert app.editor.rubric == "holberton"
        prompts = _prompts(findings)
        assert any("[HB001]" in prompt for prompt in prompts)
        assert any("[HB007]" in prompt for prompt in prompts)
        assert "(holberton)" in status_text(app)


async def test_enter_on_the_word_count_finding_does_not_crash(undated: Path) -> None:
    app = open_app(undated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        app.editor.query_one("#rubric", Select).value = "holberton"
        await pilot.pause()
        findings = app.editor.query_one("#findings", OptionList)
        ids = [findings.get_option_at_index(i).id for i in range(findings.option_count)]
        findings.highlighted = next(i for i, o in enumerate(ids) if o.endswith(":(document)"))
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running


async def test_enter_on_an_improvement_finding_focuses_the_improvements(dated: Path) -> None:
    text = dated.read_text().replace(
        '"Enhance monitoring alerts', '"TODO enhance monitoring alerts', 1
    )
    dated.write_text(text)
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        findings = app.editor.query_one("#findings", OptionList)
        ids = [findings.get_option_at_index(i).id for i in range(findings.option_count)]
        findings.highlighted = ids.index(
            next(o for o in ids if o and o.endswith(":measures.improvements[1]"))
        )
        await pilot.press("enter")
        await pilot.pause()
        assert app.editor.query_one("#panes", TabbedContent).active == "tab-measures"
        assert app.focused is not None and app.focused.id == "measures-improvements"
