"""The `pmr` command line: thin commands over the same services the HTTP API uses."""
import json
import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
from rich.text import Text

from api.services import Services
from api.settings import Settings
from ingest.errors import PmrError
from ingest.pipeline import IngestReport

app = typer.Typer(help="The PM&R guide assistant: grounded answers and email drafts from the career guides.",
                  no_args_is_help=True, add_completion=False)
out = Console()
err = Console(stderr=True)


@app.callback()
def main(ctx: typer.Context, verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress details.")):
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    ctx.meta["verbose"] = verbose
    ctx.obj = Services(Settings())


def _fail(exc: PmrError) -> None:
    err.print(f"[red]error:[/red] {exc}", highlight=False, markup=True)
    raise typer.Exit(1)


def _print_json(payload) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


@app.command("ingest")
def ingest_command(ctx: typer.Context, paths: list[Path] = typer.Argument(None, help="Files or folders (default: PMR_CORPUS_DIR)."),
                   as_json: bool = typer.Option(False, "--json", help="Print one JSON object with the counts."),
                   verbose: bool = typer.Option(False, "--verbose", "-v", help="List the lines cleaning dropped.")):
    """Clean, split, embed and index guides (.txt .md .html .pdf); unchanged files are skipped."""
    services: Services = ctx.obj
    try:
        with _ingest_progress(show=not as_json) as progress:
            report = services.ingest(paths or None, progress=progress)
    except PmrError as exc:
        _fail(exc)
    for failure in report.failed:
        err.print(f"[red]failed:[/red] {failure['error']}", highlight=False, soft_wrap=True)
    for duplicate in report.duplicates:
        err.print(f"duplicate: {duplicate['path']} is identical to {duplicate['same_as']}; indexed once",
                  highlight=False, markup=False, soft_wrap=True)
    for warning in report.warnings:
        err.print(f"warning: {warning}", style="yellow", highlight=False, markup=False, soft_wrap=True)
    if as_json:
        _print_json(report.as_dict())
    else:
        out.print(f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
                  f"{report.removed} removed, {len(report.failed)} failed, {len(report.duplicates)} duplicates; "
                  f"{report.embedded} passages embedded. Index: {report.documents} documents, {report.chunks} passages.",
                  highlight=False, soft_wrap=True)
        _print_dropped(report, listed=verbose or ctx.meta.get("verbose", False))
    if report.failed:
        raise typer.Exit(1)


def _print_dropped(report: IngestReport, *, listed: bool) -> None:
    """What cleaning removed from each guide it read: a count, and with -v the lines themselves."""
    for path, lines in report.dropped.items():
        out.print(f"cleaning dropped {len(lines)} lines from {path}", highlight=False, markup=False, soft_wrap=True)
        for line in lines if listed else []:
            out.print(f"  - {line}", highlight=False, markup=False, soft_wrap=True)


class _Rate(ProgressColumn):
    """Items per second since the stage began (rich's own speed needs many updates; a batch is 256 passages)."""

    def render(self, task) -> Text:
        rate = task.completed / task.elapsed if task.elapsed else 0
        return Text(f"{rate:,.0f} {task.fields['unit']}/s" if task.completed else "", style="progress.data.speed")


_STAGES = {"files": ("reading guides", "files", "read"), "passages": ("embedding passages", "passages", "embedded")}


@contextmanager
def _ingest_progress(*, show: bool) -> Iterator:
    """Files read, then passages embedded, with a rate: a bar on a terminal, plain lines otherwise."""
    if not show:
        yield None
    elif err.is_terminal:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), _Rate(),
                      TimeRemainingColumn(), console=err, transient=True) as bar:
            tasks: dict[str, int] = {}

            def update(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(_STAGES[stage][0], total=total, unit=_STAGES[stage][1])
                bar.update(tasks[stage], completed=done, total=total)
            yield update
    else:
        started: dict[str, float] = {}

        def update(stage: str, done: int, total: int) -> None:
            started.setdefault(stage, time.monotonic())
            if done and (stage == "passages" or done == total):  # a line per file would flood a log
                rate = done / max(time.monotonic() - started[stage], 1e-3)
                _, unit, verb = _STAGES[stage]
                err.print(f"{verb} {done}/{total} {unit} ({rate:,.0f}/s)", highlight=False, markup=False)
        yield update


@app.command()
def search(ctx: typer.Context, query: str, k: int = typer.Option(5, "-k", min=1, max=50, help="How many passages."),
           as_json: bool = typer.Option(False, "--json", help="Print the /api/search response body.")):
    """Show the passages the assistant would retrieve for QUERY."""
    from api.schemas import SearchResponse
    from assistant.chat import validate_query

    services: Services = ctx.obj
    try:
        hits = services.search.search(validate_query(query), k=k)
    except PmrError as exc:
        _fail(exc)
    body = SearchResponse.from_hits(hits)
    if as_json:
        _print_json(body.model_dump())
        return
    for i, r in enumerate(body.results, 1):
        out.print(f"[bold]{i}. {r.title}[/bold] — {r.section}  [dim](score {r.score:.3f})[/dim]", highlight=False)
        out.print(r.text, highlight=False, markup=False)
        out.print()


@app.command()
def ask(ctx: typer.Context, question: str, as_json: bool = typer.Option(False, "--json", help="Print the /api/chat response body."),
        session: str | None = typer.Option(None, "--session", help="Continue this conversation.")):
    """Answer QUESTION from the guides, with numbered citations."""
    from api.schemas import ChatResponse

    services: Services = ctx.obj
    try:
        reply = services.assistant.ask(question, session)
    except PmrError as exc:
        _fail(exc)
    body = ChatResponse.from_reply(reply)
    if as_json:
        _print_json(body.model_dump())
        return
    out.print(body.answer, highlight=False, markup=False)
    for c in body.citations:
        out.print(f"  [{c.n}] {c.title} — {c.section}", highlight=False, markup=False)
    err.print(f"session: {body.session_id}", style="dim", highlight=False)


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def draft(ctx: typer.Context, kind: str = typer.Argument(..., help="mentor-outreach, thank-you or lor-request"),
          as_json: bool = typer.Option(False, "--json", help="Print the /api/drafts/{kind} response body.")):
    """Draft an email from --field value pairs, e.g. --recipient-name "Dr. Lee" --sender-name "Sam Patel"."""
    from api.schemas import DraftResponse

    services: Services = ctx.obj
    try:
        fields = parse_fields(ctx.args)
        result = services.drafts.draft(kind, fields)
    except PmrError as exc:
        _fail(exc)
    body = DraftResponse.from_draft(result)
    if as_json:
        _print_json(body.model_dump())
        return
    out.print(f"Subject: {body.subject}\n", highlight=False, markup=False)
    out.print(body.body, highlight=False, markup=False)
    for warning in body.warnings:
        out.print(f"\nwarning: {warning}", style="yellow", highlight=False, markup=False)
    for note in body.notes:
        out.print(f"\ntidied: {note}", style="dim", highlight=False, markup=False)
    for tip in body.tips:
        out.print(f"\ntip: {tip.text}\n  — {tip.citation.title} › {tip.citation.section}", highlight=False, markup=False)


def parse_fields(args: list[str]) -> dict:
    """`--recipient-name "Dr. Lee" --materials CV --materials "personal statement"` → a field dict."""
    from ingest.errors import InputError

    fields: dict = {}
    i = 0
    while i < len(args):
        flag = args[i]
        if not flag.startswith("--") or i + 1 >= len(args):
            raise InputError(f"expected --field value pairs, got {flag!r}", field=flag.lstrip("-") or None)
        name, value = flag[2:].replace("-", "_"), args[i + 1]
        if name == "materials":
            fields.setdefault(name, []).extend(v.strip() for v in value.split(",") if v.strip())
        else:
            fields[name] = value
        i += 2
    return fields


@app.command()
def serve(ctx: typer.Context, host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
          port: int = typer.Option(8000, help="Port to listen on.")):
    """Ingest PMR_CORPUS_DIR if it changed, then serve the web page and the HTTP API."""
    import uvicorn

    from api.app import create_app
    from api.middleware import MAX_HEADERS

    services: Services = ctx.obj
    logging.getLogger().setLevel(logging.INFO)  # a server logs one line per request and its ingests
    # h11, not httptools: only h11 bounds the request headers (a 50 MB header is refused with a 400, not read).
    uvicorn.run(create_app(services.settings), host=host, port=port, log_level="info", access_log=False,
                http="h11", h11_max_incomplete_event_size=MAX_HEADERS)


@app.command("eval")
def eval_command(ctx: typer.Context,
                 questions: list[Path] = typer.Option(None, help="Question set (JSONL); repeat for several. "
                                                      "Default: every set in tests/eval/."),
                 as_json: bool = typer.Option(False, "--json", help="Print the reports as JSON, by set.")):
    """The quality report: retrieval hit@k and MRR, abstention, answers, citation validity, baselines, and our
    sets' floors (exit status 1 when a set falls below one)."""
    try:
        _put_clone_on_path()
        from tests.eval.evaluate import below_floors, evaluate, render
        from tests.eval.questions import QUESTION_SETS
    except ImportError as exc:
        err.print(f"[red]error:[/red] `pmr eval` needs the evaluation package tests/eval ({exc}): run it in a clone "
                  "of the repository (`make eval`).", highlight=False)
        raise typer.Exit(1) from None
    services: Services = ctx.obj
    reports, below = {}, []
    for path in questions or QUESTION_SETS:
        try:
            reports[str(path)] = evaluate(services.store, services.embedder, path)
        except PmrError as exc:
            _fail(exc)
        below += [f"{path.name}: {failure}" for failure in below_floors(reports[str(path)])]
        if not as_json:
            out.print(f"== {path.name}\n{render(reports[str(path)])}\n", highlight=False, markup=False)
    if as_json:
        _print_json(reports)
    for failure in below:
        err.print(f"[red]below its floor:[/red] {failure}", highlight=False)
    if below:
        raise typer.Exit(1)


def _put_clone_on_path() -> None:
    """The evaluation package ships in a clone of the repository, not in an installed assistant; the console
    script does not put the clone on the path."""
    root = Path(__file__).resolve().parents[1]
    if (root / "tests" / "eval").is_dir() and str(root) not in sys.path:
        sys.path.append(str(root))


if __name__ == "__main__":
    app()
