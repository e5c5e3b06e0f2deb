"""The `postmortem` command: the only place that prints and exits.

Exit codes: 0 done; 1 `check` found errors, or `merge` left conflicts; 2 bad input or usage.
Errors are one line on stderr (``FILE:LINE:COL: message``, ``FILE: line N: place: message``),
never a traceback; a file with several problems in its values says how many, then gives one
line to each. `check` prints one line a finding: ``FILE: place: severity: message [RULE]``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from postmortem_editor import __version__
from postmortem_editor.check import CHECK_PROFILES, check_incident, metrics_data
from postmortem_editor.clipboard import copy_text
from postmortem_editor.collector import off_while_opening, on_as_usual
from postmortem_editor.errors import InvalidIncident
from postmortem_editor.export import export_markdown
from postmortem_editor.model import Incident, visible_controls
from postmortem_editor.places import place_of
from postmortem_editor.render import PROFILES, Clock, render_markdown, word_count
from postmortem_editor.settings import (
    COMMAND_LINE,
    TEAM_FILE_NAME,
    Settings,
    describe,
    for_incident,
    load_settings,
    user_settings_path,
)
from postmortem_editor.store import IncidentFile, StoreError

PROFILE_HELP = "layout (default: the settings' profile, see `postmortem config`; else standard)"
RUBRIC_HELP = "rubric (default: the settings' rubric, see `postmortem config`; else standard)"

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_CONFLICTS = 1
EXIT_BAD_INPUT = 2


class UsageError(Exception):
    """Wrong arguments: reported as one line, exit 2."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and never exit on their own."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see `{self.prog} --help`)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `postmortem` and its subcommands."""
    parser = _Parser(
        prog="postmortem",
        description="Write incident postmortems: one TOML file per incident, rendered to Markdown.",
        epilog="Exit codes: 0 done, 1 check found errors or merge left conflicts, "
        "2 bad input or usage.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    edit = commands.add_parser(
        "edit",
        help="open the editor (FILE is created when missing)",
        description="Open the editor on FILE. A missing FILE starts from the template, with "
        "the clock, timezone and author of the settings in force (see `postmortem config`).",
    )
    edit.add_argument(
        "file", metavar="FILE", help="the incident file (.toml), or a Markdown postmortem to import"
    )
    edit.add_argument("--profile", choices=PROFILES, help=PROFILE_HELP)
    edit.add_argument("--rubric", choices=CHECK_PROFILES, help=RUBRIC_HELP)

    new = commands.add_parser(
        "new",
        help="write a fresh incident file from the template",
        description="Write a fresh incident file from the template, with the clock, "
        "timezone and author of the settings in force (see `postmortem config`).",
    )
    new.add_argument("file", metavar="FILE", help="the incident file to create (.toml)")
    new.add_argument("--title", default="", help="title of the postmortem")

    render = commands.add_parser("render", help="render an incident to Markdown")
    render.add_argument("file", metavar="FILE", help="the incident file (.toml)")
    render.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of stdout")
    render.add_argument("--profile", choices=PROFILES, help=PROFILE_HELP)

    check = commands.add_parser("check", help="check an incident against a rubric")
    check.add_argument("file", metavar="FILE", help="the incident file (.toml)")
    check.add_argument("--profile", choices=CHECK_PROFILES, help=RUBRIC_HELP)
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format")

    copy = commands.add_parser(
        "copy", help="render an incident and put the Markdown on the clipboard"
    )
    copy.add_argument("file", metavar="FILE", help="the incident file (.toml)")
    copy.add_argument("--profile", choices=PROFILES, help=PROFILE_HELP)

    imports = commands.add_parser(
        "import",
        help="import a Markdown postmortem into an incident file",
        description="Read a Markdown postmortem into an incident file (FILE.toml beside it). "
        "What was found, and what is uncertain, is reported on stderr.",
    )
    imports.add_argument("file", metavar="FILE.md", help="the Markdown postmortem")
    imports.add_argument(
        "-o",
        "--output",
        metavar="OUT.toml",
        help="write the incident to OUT.toml instead of FILE.toml; - writes it to stdout",
    )
    imports.add_argument("--force", action="store_true", help="replace OUT.toml if it exists")
    imports.add_argument(
        "--strict",
        action="store_true",
        help="write nothing when anything is uncertain (unread times, no start, no timezone)",
    )

    add = commands.add_parser(
        "add",
        help="add timeline entries: each TEXT, or the lines of stdin with -",
        description="Add timeline entries to FILE: each TEXT is one entry "
        '(`postmortem add inc.toml "14:30 failed over to the replica"`); with - the lines of '
        "standard input are read, one entry per line, chat copies included (the speaker "
        "is kept as the entry's `by`). A time that cannot be read is never guessed: the "
        "entry is added without a time and reported as such.",
    )
    add.add_argument("file", metavar="FILE", help="the incident file (.toml)")
    add.add_argument(
        "texts", metavar="TEXT", nargs="*", help="one entry each; - reads the lines of stdin"
    )

    commands.add_parser("schema", help="print the JSON Schema of the incident file")

    config = commands.add_parser(
        "config",
        help="show the settings in force and where each comes from",
        description="Print the settings in force for FILE (an incident, or a folder; "
        "default: the current folder) as TOML, each with where it comes from: the default, "
        f"the user file ({user_settings_path()}), a team file ({TEAM_FILE_NAME} in the "
        "incident's folder or a parent, up to the repository root) or the incident itself. "
        "Precedence: command-line options, the incident's own clock and timezone, the team "
        "file, the user file, the defaults.",
    )
    config.add_argument(
        "file", metavar="FILE", nargs="?", help="an incident file or a folder (default: .)"
    )

    merging = commands.add_parser(
        "merge",
        help="merge an incident three ways into OURS (git's merge driver: %%O %%A %%B)",
        description="Merge the changes from BASE to THEIRS into OURS, field by field and "
        "timeline entry by entry, and write the result into OURS, keeping its comments and "
        "layout. Exit 0 when nothing conflicts; otherwise the lines that conflict are put "
        "between <<<<<<< ours / ======= / >>>>>>> theirs markers, each conflict is named on "
        "stderr, and the exit status is 1. Files that are not incidents are merged line by "
        "line as `git merge-file` does. Enable it for git with `postmortem git-setup`.",
    )
    merging.add_argument("base", metavar="BASE", help="the common version (git's %%O)")
    merging.add_argument("ours", metavar="OURS", help="our version, merged in place (%%A)")
    merging.add_argument("theirs", metavar="THEIRS", help="their version (%%B)")

    setup = commands.add_parser(
        "git-setup",
        help="enable the merge driver for the incidents of a git repository",
        description="Add `*.toml merge=postmortem` to DIR/.gitattributes (commit it) and "
        "define the driver in the repository's configuration (once per clone). Lines already "
        "there are left alone.",
    )
    setup.add_argument(
        "dir",
        metavar="DIR",
        nargs="?",
        default=".",
        help="the folder of the incident files, in a git repository (default: here)",
    )
    return parser


if TYPE_CHECKING:
    from postmortem_editor.importer import ImportResult


def _import(path: Path) -> ImportResult:
    """Import a Markdown postmortem (the importer is loaded only when one is imported)."""
    from postmortem_editor.importer import MarkdownImportError, import_file

    try:
        return import_file(path)
    except MarkdownImportError as error:
        raise UsageError(str(error)) from None


def _load(path: str) -> Incident:
    return IncidentFile.load(path).incident


def _settings(incident_path: Path, *, quiet: bool = False) -> Settings:
    """The settings in force beside an incident; each problem with them is one line on
    stderr (unless ``quiet``: the editor shows them itself)."""
    folder = incident_path if incident_path.is_dir() else incident_path.parent
    settings = load_settings(folder)
    if not quiet:
        for problem in settings.problems:
            _say(problem)
    return settings


def _fresh(path: Path, settings: Settings, title: str = "") -> IncidentFile:
    """A new incident from the template, with the clock, timezone and author in force."""
    return IncidentFile.new(
        path,
        title,
        timezone=settings.timezone,
        clock=settings.clock,
        authors=[settings.author] if settings.author else [],
    )


def cmd_edit(args: argparse.Namespace) -> int:
    """Open the editor on FILE; a missing FILE starts from the template, saved on ctrl+s."""
    with off_while_opening():  # the editor turns the collector on once it is on screen
        return _edit(args)


def _edit(args: argparse.Namespace) -> int:
    path = Path(args.file)
    settings = _settings(path, quiet=True).choose(
        COMMAND_LINE, profile=args.profile, rubric=args.rubric
    )
    imported: ImportResult | None = None
    if _is_markdown(path):
        target = path.with_suffix(".toml")
        if target.exists() or target.is_symlink():
            raise UsageError(
                f"{path}: already imported as {target}; open that file with "
                f"`postmortem edit {target}` (or import again with "
                f"`postmortem import {path} --force`)"
            )
        imported = _import(path)
        document = IncidentFile.new(target, incident=imported.incident, like=path)
    elif path.exists() or path.is_symlink():
        try:
            document = IncidentFile.load(path)
        except InvalidIncident as error:
            if not _in_terminal():
                raise  # as from every other command: the problems, one line each
            repaired, code = _repair(path, error)
            if repaired is None:
                return code  # quit, or ended by a signal (128 + N)
            document = repaired
    else:
        if not path.parent.is_dir():
            raise UsageError(f"{path}: its folder {path.parent} does not exist")
        document = _fresh(path, settings)
    if not _in_terminal():
        raise UsageError("postmortem edit: needs a terminal; use `postmortem render` in scripts")
    from postmortem_editor.tui.app import PostmortemApp  # Textual loads only for the editor

    if imported is not None:
        _print_report(path, imported)
        print(f"{document.path}: not written yet; ctrl+s writes it", file=sys.stderr)
    app = PostmortemApp(document, settings=settings)
    app.run()
    return app.return_code or EXIT_OK  # 128 + N when a signal (SIGTERM, SIGHUP) ended it


def _in_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _repair(path: Path, error: InvalidIncident) -> tuple[IncidentFile | None, int]:
    """Open a file that is not an incident as text, in the repair view: the incident once
    it is saved valid (None when the user quits instead), and the exit code so far."""
    from postmortem_editor.tui.repair_app import RepairApp  # Textual loads only for the editor

    app = RepairApp(path, error.text, error.problems)
    with on_as_usual():  # the user types here for a while
        repaired = app.run()
    return repaired, app.return_code or EXIT_OK


def _is_markdown(path: Path) -> bool:
    return path.suffix.lower() in (".md", ".markdown")


def _print_report(source: Path, result: ImportResult) -> None:
    print(f"{source}: imported", file=sys.stderr)
    for line in result.report.lines():
        print(line, file=sys.stderr)


def cmd_import(args: argparse.Namespace) -> int:
    """Import a Markdown postmortem into FILE.toml, OUT.toml or stdout; report what was found."""
    source = Path(args.file)
    if source.suffix.lower() == ".toml":
        raise UsageError(
            f"{source}: is already an incident file; open it with `postmortem edit {source}`"
        )
    out = None if args.output == "-" else Path(args.output or source.with_suffix(".toml"))
    if out is not None:
        if out.is_dir():
            raise UsageError(f"{out}: is a folder; give a file name for the incident")
        if out.exists() and out.resolve() == source.resolve():
            raise UsageError(f"{out}: is the Markdown itself; give another name for the incident")
        if (out.exists() or out.is_symlink()) and not args.force:
            raise UsageError(
                f"{out}: already exists; use --force to replace it, or -o to write elsewhere"
            )
        if not out.parent.is_dir():
            raise UsageError(f"{out}: its folder {out.parent} does not exist")
    result = _import(source)
    uncertain = result.report.uncertain()
    if args.strict and uncertain:
        shown = "; ".join(uncertain[:3]) + ("; ..." if len(uncertain) > 3 else "")
        raise UsageError(f"{source}: not imported (--strict): {len(uncertain)} uncertain: {shown}")
    document = IncidentFile.new(
        out or source.with_suffix(".toml"), incident=result.incident, like=source
    )
    _print_report(source, result)
    if out is None:
        sys.stdout.write(document.render_toml())
    else:
        document.save(force=args.force)
        _say(f"{out}: written")
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    """Write a fresh incident file; refuses to overwrite one that exists."""
    path = Path(args.file)
    if path.exists():
        raise UsageError(f"{path}: already exists; open it with `postmortem edit {path}`")
    _fresh(path, _settings(path), args.title).save()
    _say(f"{path}: created")
    return EXIT_OK


def cmd_render(args: argparse.Namespace) -> int:
    """Render to stdout, or to a file with -o, in the profile given or in force."""
    incident = _load(args.file)
    profile = args.profile or _settings(Path(args.file)).profile
    if args.output:
        out = Path(args.output)
        if out.is_dir():
            raise UsageError(f"{out}: is a folder; give a file name for the Markdown")
        if out.exists() and out.resolve() == Path(args.file).resolve():
            raise UsageError(f"{out}: is the incident itself; give another name for the Markdown")
        export_markdown(incident, profile, out, like=Path(args.file))
        words = word_count(render_markdown(incident, profile))
        _say(f"{out}: written ({words} words)")
    else:
        sys.stdout.write(render_markdown(incident, profile))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """Print the findings of the rubric given or in force; exit 1 when any is an error."""
    incident = _load(args.file)
    rubric = args.profile or _settings(Path(args.file)).rubric
    findings = check_incident(incident, rubric)
    errors = sum(1 for f in findings if f.severity == "error")
    if args.format == "json":
        report = {
            "file": args.file,
            "profile": rubric,
            "errors": errors,
            "warnings": len(findings) - errors,
            "findings": [{**f.as_dict(), "place": place_of(incident, f.path)} for f in findings],
            "metrics": metrics_data(incident),
            "words": word_count(render_markdown(incident)),
        }
        print(json.dumps(report, indent=2))
    else:
        for finding in findings:
            place = place_of(incident, finding.path)
            line = f"{args.file}: {place}: {finding.severity}: {finding.message}"
            print(visible_controls(f"{line} [{finding.id}]").replace("\n", " "))
        _say(
            f"{args.file}: {errors} error(s), {len(findings) - errors} warning(s) "
            f"({rubric} profile)"
        )
    return EXIT_FINDINGS if errors else EXIT_OK


def cmd_copy(args: argparse.Namespace) -> int:
    """Render in the profile given or in force, and copy; say where the Markdown went."""
    incident = _load(args.file)
    profile = args.profile or _settings(Path(args.file)).profile
    result = copy_text(render_markdown(incident, profile))
    print(result.message, file=sys.stderr)
    return EXIT_OK if result.method != "none" else EXIT_BAD_INPUT


def cmd_add(args: argparse.Namespace) -> int:
    """Add timeline entries from the arguments or stdin; print one line per entry added."""
    from postmortem_editor.quickentry import (
        QuickEntry,
        QuickEntryError,
        entry_from,
        insertion_index,
        parse_block,
        parse_quick_entry,
    )

    texts: list[str] = args.texts
    if texts == ["-"] or (not texts and not sys.stdin.isatty()):
        from_stdin = True
    elif "-" in texts:
        raise UsageError("postmortem add: give either TEXT arguments or -, not both")
    elif not texts:
        raise UsageError(
            f"{args.file}: nothing to add: give entries as TEXT arguments, or - to read stdin"
        )
    else:
        from_stdin = False
    document = IncidentFile.load(args.file)
    incident = document.incident.model_copy(deep=True)
    now = datetime.now().astimezone()
    parsed: list[QuickEntry] = []
    skipped: list[str] = []
    if from_stdin:
        try:
            block = sys.stdin.read()
        except UnicodeDecodeError:
            raise UsageError(f"{args.file}: not added: standard input is not UTF-8 text") from None
        for result in parse_block(block, incident, now):
            if result.entry is not None:
                parsed.append(result.entry)
            elif result.error is not None:
                skipped.append(f"{result.line.strip()!r}: {result.error}")
    else:
        working = incident.model_copy(deep=True)
        for text in texts:
            try:
                quick = parse_quick_entry(text, working, now)
            except QuickEntryError as error:
                skipped.append(f"{' '.join(text.split())!r}: {error}")
                continue
            parsed.append(quick)
            working.timeline.append(entry_from(quick))  # later times anchor after it
    if not parsed:
        reason = skipped[0] if skipped else "no line with text"
        raise UsageError(f"{args.file}: nothing added: {reason}")
    added = []
    for quick in parsed:
        entry = entry_from(quick)
        incident.timeline.insert(insertion_index(incident, entry.at), entry)
        added.append((quick, entry))
    document.save(incident)
    clock = Clock(incident)
    unread = 0
    for quick, entry in added:
        if entry.at is None:
            unread += 1
            when = "(time not read)"
        else:
            when = clock.time(entry.at)
        said = f"{entry.by}: {entry.text}" if entry.by else entry.text
        print(visible_controls(f"{when}  {entry.kind.value}  {said}").replace("\n", " "))
        if quick.time_unread is not None:
            _say(f"{args.file}: time not read: {quick.time_unread!r}: added without a time")
    for line in skipped:
        _say(f"{args.file}: not added: {line}")
    count = len(added)
    note = f" ({unread} with the time not read)" if unread else ""
    _say(f"{args.file}: {count} {'entry' if count == 1 else 'entries'} added{note}")
    return EXIT_OK


def cmd_config(args: argparse.Namespace) -> int:
    """Print the settings in force for an incident or a folder, and where each comes from."""
    target = Path(args.file) if args.file else Path.cwd()
    settings = _settings(target)
    if not target.is_dir() and (target.exists() or target.is_symlink()):
        settings = for_incident(settings, _load(str(target)), target)
    for line in describe(settings):
        print(visible_controls(line))
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of the incident file."""
    from postmortem_editor.schema import incident_schema  # reads the models' source

    print(json.dumps(incident_schema(), indent=2))
    return EXIT_OK


def cmd_merge(args: argparse.Namespace) -> int:
    """Merge THEIRS into OURS; name each conflict on stderr; exit 1 when any is left."""
    from postmortem_editor.files import atomic_write
    from postmortem_editor.merge_files import merge_files

    ours = Path(args.ours)
    result = merge_files(Path(args.base), ours, Path(args.theirs))
    atomic_write(ours, result.text)
    if result.line_merged is not None:
        _say(f"postmortem merge: not merged as an incident: {result.line_merged}")
        what = f"{result.line_conflicts} conflict(s)" if result.line_conflicts else "cleanly"
        _say(f"postmortem merge: merged line by line, {what}")
    for conflict in result.conflicts:
        _say(f"postmortem merge: conflict: {conflict.describe()}")
    if result.clean and result.incoming:
        _say(f"postmortem merge: from theirs: {result.incoming}")
    return EXIT_OK if result.clean else EXIT_CONFLICTS


def cmd_git_setup(args: argparse.Namespace) -> int:
    """Enable the merge driver; print what was done, a line each."""
    from postmortem_editor.git_setup import GitSetupError, git_setup

    try:
        done = git_setup(Path(args.dir))
    except GitSetupError as error:
        raise UsageError(str(error)) from None
    for line in done:
        _say(line)
    return EXIT_OK


HANDLERS = {
    "edit": cmd_edit,
    "new": cmd_new,
    "render": cmd_render,
    "check": cmd_check,
    "copy": cmd_copy,
    "import": cmd_import,
    "schema": cmd_schema,
    "add": cmd_add,
    "config": cmd_config,
    "merge": cmd_merge,
    "git-setup": cmd_git_setup,
}


def _names_a_file(word: str) -> bool:
    if word.startswith("-"):
        return False
    return Path(word).exists() or word.endswith(".toml") or _is_markdown(Path(word))


def run(argv: Sequence[str]) -> int:
    """Parse arguments and run a command; errors propagate as exceptions."""
    parser = build_parser()
    argv = list(argv)
    if argv and argv[0] not in HANDLERS and _names_a_file(argv[0]):
        argv.insert(0, "edit")  # `postmortem FILE` is `postmortem edit FILE`
    args = parser.parse_args(argv)
    if args.command is None:
        raise UsageError("postmortem: give a command or a FILE to edit (see `postmortem --help`)")
    handler = HANDLERS.get(args.command)
    if handler is None:
        raise UsageError(f"postmortem: `{args.command}` is not available yet")
    return handler(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `postmortem` console script."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    try:
        return run(arguments)
    except StoreError as error:
        for line in error.lines():  # a headline, then one line per problem when several
            _say(line)
        return EXIT_BAD_INPUT
    except UsageError as error:
        _say(str(error))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): nothing more to say.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:  # last resort: one line, never a traceback
        if os.environ.get("POSTMORTEM_DEBUG"):
            raise
        _say(f"postmortem: internal error: {error!r} (set POSTMORTEM_DEBUG=1 for details)")
        return EXIT_BAD_INPUT


def _say(message: str) -> None:
    """Print a message on stderr as one harmless line (a file name may hold escapes)."""
    print(visible_controls(message).replace("\n", " "), file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
