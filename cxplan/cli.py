"""The `cxplan` command line: parse, call one core function, print; errors handled in one place."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from cxplan import __version__

# Heavy libraries (pydantic, ruamel, python-docx, openpyxl, reportlab) are imported inside
# the commands, through cxplan.api, so `cxplan --help` costs little more than importing click.


class CxplanGroup(click.Group):
    """Shows every CxplanError as the lines it gives, on stderr, and exits with its code."""

    def invoke(self, ctx: click.Context) -> Any:
        from cxplan.errors import CxplanError

        try:
            return super().invoke(ctx)
        except CxplanError as err:
            for line in err.lines():
                click.echo(line, err=True)
            ctx.exit(err.exit_code)


def _plan_argument(f: Any) -> Any:
    return click.argument(
        "plan",
        required=False,
        type=click.Path(path_type=Path, dir_okay=True),
        metavar="[PLAN]",
    )(f)


def _font_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--font",
        "fonts",
        multiple=True,
        type=click.Path(path_type=Path, dir_okay=False, exists=True),
        help="A TrueType font (.ttf, .ttc) for characters the shipped DejaVu lacks "
        "(Chinese, Japanese, Korean...), used before the system's; may be repeated.",
    )(f)


def _paper_option(help: str) -> Callable[[Any], Any]:
    return click.option(
        "--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True, help=help
    )


def _output_option(help: str) -> Callable[[Any], Any]:
    return click.option(
        "-o",
        "--output",
        "out_dir",
        type=click.Path(path_type=Path, file_okay=False),
        help=help,
    )


def _report(report: Any, as_json: bool) -> None:
    """A command's report: as JSON for scripts, else its lines for people."""
    if as_json:
        _emit_json(report.as_json())
        return
    for line in report.lines():
        click.echo(line)


def _emit_json(data: Any) -> None:
    import json  # only commands that print JSON pay for it, not `cxplan --help`

    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


@click.group(cls=CxplanGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="cxplan")
def cli() -> None:
    """Plan and run a sequenced customer-experience (CX) strategy.

    The team works through seven steps in order: committed leadership, strategic vision,
    the customer-experience statement, touchpoints, service standards, measurement and
    continuous improvement. Every answer lives in one YAML plan file (cxplan.yaml), from
    which cxplan builds a Word plan, an Excel workbook, a PDF plan and staff checklists.

    \b
    Start:   cxplan new my-client --client "Harbour Dental" --industry healthcare
    Then:    cxplan workshop my-client
    Check:   cxplan status my-client   /   cxplan check my-client

    Exit codes: 0 success, 1 invalid plan, failed check or refused, 2 wrong usage,
    130 interrupted (answers so far are saved).
    """


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option("--client", "client", required=True, help="The client's name.")
@click.option(
    "--industry",
    help="Seed starter touchpoints, standards and measures from this industry's library "
    "(automotive, banking-and-insurance, education, healthcare, hospitality, "
    "professional-services, retail, saas, telecom, utilities-and-public-services); "
    "everyday words work too: hotel, car dealer, council, bank, school, broadband.",
)
@click.option("--firm", help="Your firm, printed on the deliverables.")
@click.option("--consultant", help="Your name, printed on the deliverables.")
@click.option(
    "--language",
    metavar="TAG",
    help="The client's language (en, de, fr, es; a BCP 47 tag): of the deliverables, the "
    "workshop, the plan file's notes and the starter content.",
)
def new(
    directory: Path,
    client: str,
    industry: str | None,
    firm: str | None,
    consultant: str | None,
    language: str | None,
) -> None:
    """Start a plan: write DIRECTORY/cxplan.yaml for a client (never overwrites one)."""
    from cxplan import api

    made = api.new_plan(
        directory, client, industry=industry, firm=firm, consultant=consultant, language=language
    )
    click.echo(f"Created {made.plan} for {client}.")
    if made.library:
        lib = made.library
        click.echo(
            f"Starter content from the {lib.key} library: {len(lib.touchpoints)} touchpoints, "
            f"{len(lib.standards)} standards and {len(lib.measures)} measures, to review in "
            "steps 4 to 6."
        )
    click.echo(f"Editors that read {made.schema.name} check the plan as you type.")
    click.echo(f"Next: cxplan workshop {made.plan}")


@cli.command()
@_plan_argument
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
def status(plan: Path | None, as_json: bool) -> None:
    """Show the seven steps: done, partly done or not started, what is missing, what is next."""
    from cxplan import api

    report = api.plan_status(plan)
    for note in report.notes():
        click.echo(note, err=True)
    if as_json:
        _emit_json(report.as_json())
    else:
        click.echo(report.text())


@cli.command()
@_plan_argument
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
def check(plan: Path | None, as_json: bool) -> None:
    """Validate the plan and check it: SMART standards, references and coverage.

    Exits 0 when the plan is clean and 1 when anything was found.
    """
    from cxplan import api

    report = api.check_plan(plan)
    _report(report, as_json)
    if not as_json:
        click.echo(report.summary())
    if not report.ok:
        sys.exit(1)


@cli.command()
@_plan_argument
@_output_option("Folder for the deliverables (default: the plan's folder).")
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(["docx", "xlsx", "pdf", "checklists"]),
    help="Build only this format (repeat for several; default: all).",
)
@click.option("--strict", is_flag=True, help="Refuse to build a plan whose steps are not done.")
@click.option(
    "--templates",
    type=click.Path(path_type=Path, file_okay=False),
    help="A folder of narrative templates that replace the shipped ones (see templates/).",
)
@click.option(
    "--docx-template",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The firm's own .docx whose styles, headers and page setup the Word plan uses.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace a workbook that holds edits not imported yet (a backup copy is kept).",
)
@_paper_option("Paper size of the PDF plan, the checklists and the workbook's pages.")
@_font_option
@click.option(
    "--language",
    metavar="TAG",
    help="Write the deliverables in this language (en, de, fr, es; a BCP 47 tag) instead of "
    "the plan's client.language, for this build only.",
)
def build(
    plan: Path | None,
    out_dir: Path | None,
    formats: tuple[str, ...],
    strict: bool,
    templates: Path | None,
    docx_template: Path | None,
    force: bool,
    paper: str,
    fonts: tuple[Path, ...],
    language: str | None,
) -> None:
    """Build the deliverables: Word plan, Excel workbook, PDF plan and staff checklists.

    A plan whose steps are not all done is built with those chapters marked as drafts
    (and a warning); --strict refuses it instead.
    """
    from cxplan import api

    options = api.build_options(
        out_dir=out_dir,
        formats=formats or api.formats(),
        strict=strict,
        templates=templates,
        docx_template=docx_template,
        force=force,
        paper=paper,
        fonts=fonts,
        language=language,
    )
    # Progress is for people watching a long build; pipes and logs get only the results.
    show = sys.stderr.isatty()
    result = api.build_plan(
        plan, options, progress=lambda m: click.echo(m, err=True) if show else None
    )
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    for path in result.files:
        click.echo(f"Wrote {path}")


@cli.command()
@_plan_argument
@click.option(
    "--by",
    type=click.Choice(["role", "touchpoint", "location"]),
    default="role",
    show_default=True,
    help="One checklist per role, per touchpoint, or one pack per site (client.locations).",
)
@click.option(
    "--site",
    metavar="ID",
    help="Only this site's pack (implies --by location); see --list-sites for the ids.",
)
@click.option(
    "--list-sites",
    is_flag=True,
    help="List the sites (id, name, standards) one a line, tab-separated, and write nothing.",
)
@click.option(
    "--one-file-per-role",
    is_flag=True,
    help="By location: a file per role and site (and one walk-through per site), not a pack.",
)
@click.option(
    "--one-per-role",
    is_flag=True,
    help="Start every role's checklist on a page of its own (by default, roles with few "
    "standards share a page).",
)
@click.option(
    "--fillable",
    is_flag=True,
    help="Make the boxes and lines PDF form fields, named by standard id; the score adds up "
    "as boxes are ticked.",
)
@_paper_option("Paper size.")
@_font_option
@_output_option("Folder for the checklists (default: PLAN's folder/checklists).")
def checklists(
    plan: Path | None,
    by: str,
    site: str | None,
    list_sites: bool,
    one_file_per_role: bool,
    one_per_role: bool,
    fillable: bool,
    paper: str,
    fonts: tuple[Path, ...],
    out_dir: Path | None,
) -> None:
    """Print the staff checklists: service standards to audit, and a walk-through.

    Each standard has its id, its touchpoint and Yes / No / N.A. boxes; the walk-through
    takes someone through every touchpoint in journey order with fresh eyes. By location,
    each site gets one PDF: every role's checklist, bookmarked, then the site's walk-through.
    The sites are spread over the machine's cores; to spread them over machines, run one
    `--site ID` per site from --list-sites (see the README).
    """
    from cxplan import api

    if list_sites:
        for line in api.list_sites(plan):
            # One line a site whatever its name holds: a tab or line break would split it.
            name = " ".join(line.name.split())
            click.echo(f"{line.id}\t{name}\t{line.standards}")
        return
    show = sys.stderr.isatty()

    def progress(done: int, total: int, name: str) -> None:
        if show:
            click.echo(f"\r{done}/{total} checklists: {name}".ljust(70), err=True, nl=done == total)

    for path in api.make_checklists(
        plan,
        out_dir,
        by=by,
        fillable=fillable,
        paper=paper,
        fonts=fonts,
        progress=progress,
        site=site,
        one_file_per_role=one_file_per_role,
        page_per_role=one_per_role,
    ):
        click.echo(f"Wrote {path}")


@cli.command(name="import")
@click.argument("workbook", type=click.Path(path_type=Path, dir_okay=False))
@_plan_argument
@click.option("--dry-run", is_flag=True, help="Show what would change; change nothing.")
@click.option(
    "--force",
    is_flag=True,
    help="When the plan changed since the workbook was built and both changed the same "
    "field, take the workbook's value.",
)
def import_(workbook: Path, plan: Path | None, dry_run: bool, force: bool) -> None:
    """Bring the team's edits in a workshop workbook back into the plan.

    Reads the workbook (never saves it), checks every cell with the plan's rules, shows
    the changes by id and applies them to the plan file, keeping its comments. A bad
    cell is reported as Sheet!Cell and nothing is applied.
    """
    from cxplan import api

    report = api.import_workbook(workbook, plan, dry_run=dry_run, force=force)
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)
    for line in report.lines():
        click.echo(line)


class ClickAsker:
    """The workshop's questions asked through click, so CliRunner input and terminals both work."""

    interactive = True

    def say(self, text: str = "") -> None:
        click.echo(text)

    def prompt(self, text: str, default: str | None = None) -> str:
        from cxplan.interview.asker import Stop

        try:
            value = click.prompt(
                text,
                default=default or "",
                show_default=bool(default),
                type=str,
            )
        except click.exceptions.Abort:
            raise Stop from None
        return str(value)

    def confirm(self, text: str, default: bool = True) -> bool:
        """``text`` ends in its language's [y/N]; yes and no are read in any language."""
        from cxplan.interview.asker import Stop, yes_or_no

        while True:
            try:
                answer = click.prompt(text, default="", show_default=False, type=str)
            except click.exceptions.Abort:
                raise Stop from None
            try:
                return yes_or_no(str(answer), default)
            except ValueError:
                click.echo(f"  {text.rsplit('[', 1)[-1].rstrip(']')}?")

    def answer_for(self, key: tuple[str | int, ...]) -> Any:
        from cxplan.interview.asker import NO_ANSWER

        return NO_ANSWER


@cli.command()
@_plan_argument
@click.option(
    "--step",
    type=click.IntRange(1, 7),
    help="Revisit this step (1-7) instead of starting at the first step that is not done.",
)
@click.option(
    "--answers",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Take answers from this YAML file (the plan's sections, e.g. vision: {statement: "
    "...}; touchpoints: keep keeps the starter touchpoints); questions it does not answer "
    "keep their defaults.",
)
@click.option(
    "--no-input",
    is_flag=True,
    help="Ask nothing: keep every answer there is and accept the suggestions (starter "
    "content stays to review).",
)
def workshop(plan: Path | None, step: int | None, answers: Path | None, no_input: bool) -> None:
    """Walk the team through the seven steps in order, saving the plan after every answer.

    Starts at the first step that is not done; run it again to carry on. Press Enter to
    keep the answer shown, type - to clear it, Ctrl-C to stop (nothing is lost).
    """
    from cxplan import api
    from cxplan.interview.asker import DefaultsAsker

    asker: Any = DefaultsAsker(click.echo) if (no_input or answers) else ClickAsker()
    api.run_workshop(plan, asker, step=step, answers=answers)


@cli.command()
@click.argument("old")
@click.argument("new")
@_plan_argument
@click.option(
    "--in",
    "within",
    type=click.Choice(
        ["locations", "customers", "touchpoints", "standards", "measures", "actions"]
    ),
    help="The list OLD is in, when the same id is used in several lists.",
)
def rename(old: str, new: str, plan: Path | None, within: str | None) -> None:
    """Rename the id OLD to NEW, and every reference to it (comments and layout kept).

    Ids print on every checklist and name the fillable fields; rename one here, never by
    hand, so that standards, measures, actions and stored results follow it.
    """
    from cxplan import api

    for line in api.rename_id(old, new, plan, within=within).lines():
        click.echo(line)


@cli.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the schema to this file instead of printing it.",
)
def schema(output: Path | None) -> None:
    """Print the JSON Schema of the plan file, for editors that validate YAML."""
    from cxplan import api

    if output is None:
        click.echo(api.plan_schema_text(), nl=False)
    else:
        api.write_schema(output)
        click.echo(f"Wrote {output}.", err=True)


# ---------------------------------------------------------------------------- results


def _db_option(f: Any) -> Any:
    return click.option(
        "--db",
        metavar="URL",
        help="The results store: a file, or a postgresql:// URL (default: CXPLAN_DB, else "
        "PLAN.results.sqlite beside the plan).",
    )(f)


def _plan_option(f: Any) -> Any:
    return click.option(
        "--plan",
        type=click.Path(path_type=Path, dir_okay=True),
        help="The plan (default: ./cxplan.yaml).",
    )(f)


@cli.group(cls=CxplanGroup)
def results() -> None:
    """The measurement loop: filled checklists in, compliance out, actions into the plan.

    \b
    cxplan results import filled/*.pdf audits.csv     read results into the store
    cxplan results report --by location               compliance by site (the league table)
    cxplan results actions --apply                    improvement actions for what is below target
    """


@results.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@_plan_option
@_db_option
@click.option(
    "--map",
    "label_map",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A YAML (label: standard-id) or CSV file matching an export's question labels to "
    "the plan's standards.",
)
@click.option(
    "--measure",
    metavar="ID",
    help="FILE is a survey export (Qualtrics, SurveyMonkey, Google or Microsoft Forms, "
    "Typeform, Formbricks, LimeSurvey, any table) answering this NPS, CSAT or CES measure.",
)
@click.option(
    "--column",
    metavar="HEADING",
    help="The survey's answers column (default: the one worded like the measure's question).",
)
@click.option("--date-column", metavar="HEADING", help="When each customer answered.")
@click.option("--touchpoint-column", metavar="HEADING", help="Touchpoint ids or names.")
@click.option("--location-column", metavar="HEADING", help="Site ids or names.")
@click.option("--segment-column", metavar="HEADING", help="Customer segment ids or names.")
@click.option("--comment-column", metavar="HEADING", help="What the customer wrote.")
@click.option(
    "--scale",
    metavar="LOW-HIGH",
    help="A CSAT survey's scale, e.g. 1-7 (default: read from the answers).",
)
@click.option("--dry-run", is_flag=True, help="Read and check everything; store nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print what was read as JSON.")
def results_import(
    files: tuple[Path, ...],
    plan: Path | None,
    db: str | None,
    label_map: Path | None,
    measure: str | None,
    dry_run: bool,
    as_json: bool,
    **columns: str | None,
) -> None:
    """Read filled checklists and audit exports into the results store.

    FILE is a fillable checklist or walk-through (PDF) filled in, a CSV or XLSX in the
    long layout (date, location, auditor, standard, result, comment; also the workbook's
    Audits sheet), a SafetyCulture export (inspection_items, with its inspections table
    for dates and sites, or the web app's one-row-per-inspection CSV) or another app's
    wide export whose questions carry standard ids. With --measure, FILE is a survey
    export: the answers' column is found by the measure's question, and answers may be
    numbers or labels ("10 - Extremely likely", "Sehr zufrieden"). Every bad row is
    listed as FILE:ROW and nothing is stored; the same file twice adds nothing.
    """
    from cxplan import api

    scale = columns.pop("scale")
    named = {
        "score" if key == "column" else key.removesuffix("_column"): value
        for key, value in columns.items()
    }
    if measure is not None:
        report: Any = api.survey_import(
            list(files),
            plan,
            measure=measure,
            columns=named,
            scale=scale,
            db=db,
            dry_run=dry_run,
        )
    elif any(named.values()) or scale:
        raise click.UsageError("--column, --scale and the other column options need --measure")
    else:
        report = api.results_import(list(files), plan, db=db, label_map=label_map, dry_run=dry_run)
    _report(report, as_json)


@results.command(name="report")
@_plan_argument
@_db_option
@click.option(
    "--by",
    type=click.Choice(["standard", "touchpoint", "role", "location", "period"]),
    default="standard",
    show_default=True,
    help="What each row is.",
)
@click.option(
    "--period",
    type=click.Choice(["week", "month", "quarter"]),
    default="month",
    show_default=True,
    help="The length of a period (with --by period).",
)
@click.option("--since", metavar="DATE", help="Only audits on or after this day.")
@click.option("--until", metavar="DATE", help="Only audits on or before this day.")
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print the rows as CSV.")
@_output_option("Also write the CX performance report (PDF and Word) into this folder.")
def results_report(
    plan: Path | None,
    db: str | None,
    by: str,
    period: str,
    since: str | None,
    until: str | None,
    as_json: bool,
    as_csv: bool,
    out_dir: Path | None,
) -> None:
    """Compliance from the stored results: yes ÷ (yes + no), N.A. and blanks left out.

    With -o DIR, also the CX performance report as PDF and Word: headline compliance and
    its change, the site league table, the trend, the bottom ten standards, touchpoints by
    site, critical failures, action status, coverage and the method.
    """
    from cxplan import api

    report = api.results_report(
        plan, db=db, by=by, period=period, since=since, until=until, out_dir=out_dir
    )
    for path in report.written:
        click.echo(f"Wrote {path}", err=True)
    if out_dir is not None and not (as_json or as_csv):
        return
    if as_json:
        _emit_json(report.as_json())
    elif as_csv:
        click.echo(report.csv_text(), nl=False)
    else:
        for line in report.lines():
            click.echo(line)


@results.command(name="actions")
@_plan_argument
@_db_option
@click.option(
    "--period",
    type=click.Choice(["week", "month", "quarter"]),
    default="month",
    show_default=True,
    help="The latest period of results is judged.",
)
@click.option("--apply", "apply_", is_flag=True, help="Write the actions into the plan.")
@click.option("--json", "as_json", is_flag=True, help="Print the actions as JSON.")
def results_actions(
    plan: Path | None, db: str | None, period: str, apply_: bool, as_json: bool
) -> None:
    """Improvement actions for the standards below target in the latest period.

    One per standard (source audit, the touchpoint's owner, due at the period's end plus
    the plan's review cadence), never a second open one; --apply writes them into the
    plan, keeping its comments.
    """
    from cxplan import api

    report = api.results_actions(plan, db=db, period=period, apply=apply_)
    _report(report, as_json)


@results.command(name="followups")
@_plan_argument
@_db_option
@click.option("--since", metavar="DATE", help="Only answers on or after this day.")
@click.option("--measure", metavar="ID", help="Only this measure's answers.")
@click.option("--json", "as_json", is_flag=True, help="Print them as JSON.")
def results_followups(
    plan: Path | None, db: str | None, since: str | None, measure: str | None, as_json: bool
) -> None:
    """Detractors (0-6), dissatisfied and high-effort customers to call back, newest first,
    with the day, touchpoint, site, the tool's response id and their comment."""
    from cxplan import api

    report = api.results_followups(plan, db=db, since=since, measure=measure)
    _report(report, as_json)


@results.command(name="template")
@click.argument("output", type=click.Path(path_type=Path, dir_okay=False))
@_plan_option
def results_template(output: Path, plan: Path | None) -> None:
    """Write an empty results file (OUTPUT.csv or .xlsx) in the long layout.

    One row per standard (and site) with the plan's ids; the XLSX offers the standard,
    location and result as dropdowns. Fill in the date, auditor and result, then
    `cxplan results import OUTPUT`.
    """
    from cxplan import api

    click.echo(api.results_template(output, plan))


def main() -> None:
    """Entry point of the `cxplan` console script."""
    for stream in (sys.stdout, sys.stderr):
        # Client text can be any Unicode; a terminal that cannot show a character gets an
        # escape instead of a crash.
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    cli(prog_name="cxplan")
