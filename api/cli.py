"""`interview-coach`: the operators' command line."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Coroutine
from typing import Any

import click

from api.auth import passwords
from core.settings import get_settings
from pipeline.interface import ANSWER_STAGES


def run(coro: Coroutine[Any, Any, Any]) -> Any:
    """Run one coroutine to completion."""
    return asyncio.run(coro)


@click.group()
def main() -> None:
    """Interview Coach operations."""


@main.command()
def migrate() -> None:
    """Apply every pending database migration."""
    ran_before, ran_after = run(_migrate())
    applied = [name for name in ran_after if name not in ran_before]
    if applied:
        click.echo(f"applied {len(applied)} migration{'s' if len(applied) != 1 else ''}:")
        for name in applied:
            click.echo(f"  {name}")
    click.echo(f"the database is up to date ({len(ran_after)} migrations applied in all)")


async def _migrate() -> tuple[list[str], list[str]]:
    """Migrations applied before and after running forwards.

    Piccolo's own report is kept out of sight unless it fails: it counts pending migrations
    as "already complete" on a fresh database.
    """
    import contextlib
    import io

    from piccolo.apps.migrations.commands.forwards import run_forwards
    from piccolo.apps.migrations.tables import Migration

    async def ran() -> list[str]:
        if not await Migration.table_exists():
            return []
        return list(await Migration.get_migrations_which_ran(app_name="models"))

    before = await ran()
    report = io.StringIO()
    with contextlib.redirect_stdout(report):
        result = await run_forwards(app_name="all")
    if not result.success:
        raise click.ClickException(f"{result.message or 'migrations failed'}\n{report.getvalue()}")
    return before, await ran()


@main.group()
def users() -> None:
    """Manage accounts."""


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if not 8 <= len(password) <= 128:
        raise click.ClickException("the password must have 8 to 128 characters")
    return password


@users.command("create-admin")
@click.argument("email")
@click.option("--name", default="Administrator", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_admin(email: str, name: str, password_stdin: bool) -> None:
    """Create a verified admin account."""
    from api.errors import AppError
    from api.users.service import create_user

    password = _read_password(password_stdin)
    passwords.configure(get_settings())
    try:
        row = run(
            create_user(name=name, email=email, password=password, role="admin", is_verified=True)
        )
    except AppError as exc:
        raise click.ClickException(exc.detail) from exc
    click.echo(f"admin {row['email']} created ({row['id']})")


async def _set_role_with_redis(email: str, role: str) -> dict[str, Any] | None:
    from redis.asyncio import Redis

    from api.users.service import set_role

    redis = Redis.from_url(get_settings().redis_url)
    try:
        return await set_role(redis, email, role)
    finally:
        await redis.aclose()


def _set_role(email: str, role: str) -> None:
    row = run(_set_role_with_redis(email, role))
    if row is None:
        raise click.ClickException(f"no user with email {email}")
    click.echo(f"{row['email']} is now {role}")


@users.command()
@click.argument("email")
def promote(email: str) -> None:
    """Give a user the admin role."""
    _set_role(email, "admin")


@users.command()
@click.argument("email")
def demote(email: str) -> None:
    """Take the admin role away."""
    _set_role(email, "user")


async def _delete_user(email: str) -> bool:
    from redis.asyncio import Redis

    from api.users.deletion import delete_account
    from api.users.service import get_user_by_email
    from storage.audio_store import open_store

    settings = get_settings()
    user = await get_user_by_email(email)
    if user is None:
        return False
    redis = Redis.from_url(settings.redis_url)
    try:
        await delete_account(settings, redis, open_store(settings), user["id"])
    finally:
        await redis.aclose()
    return True


@users.command("delete")
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def delete_user(email: str, yes: bool) -> None:
    """Delete an account with its interviews, recordings and results; its tokens stop at once."""
    if not yes:
        click.confirm(f"Delete {email} and everything they recorded?", abort=True)
    if not run(_delete_user(email)):
        raise click.ClickException(f"no user with email {email}")
    click.echo(f"{email} deleted")


@main.group()
def questions() -> None:
    """Manage the question bank."""


@questions.command("load")
def load_questions() -> None:
    """Load the shipped question bank (questions already present are left alone)."""
    from api.questions.service import load_bank

    added, present = run(load_bank())
    click.echo(f"question bank: {added} added, {present} already present")


@main.group()
def pipeline() -> None:
    """Inspect the processing pipeline, sweep it, reprocess answers."""


@pipeline.command()
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def status(as_json: bool) -> None:
    """Per stage: messages waiting, delayed and dead, the oldest one's age, stage rows;
    answers failed in the last day; upload-to-done p50/p95."""
    report = run(_pipeline_status())
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    click.echo(
        f"{'stage':<11} {'waiting':>7} {'delayed':>7} {'dead':>5} {'oldest':>8} "
        f"{'queued':>6} {'running':>7} {'failed':>6}"
    )
    for name, stage in report["stages"].items():
        oldest = stage["oldestWaitingSeconds"]
        rows = stage["rows"]
        click.echo(
            f"{name:<11} {stage['waiting']:>7} {stage['delayed']:>7} {stage['dead']:>5} "
            f"{'-' if oldest is None else f'{oldest:.0f} s':>8} "
            f"{rows['queued']:>6} {rows['running']:>7} {rows['failed']:>6}"
        )
    timing = report["uploadToDoneSeconds"]
    if timing["answers"]:
        click.echo(
            f"\nupload to done, last day ({timing['answers']} answers): "
            f"p50 {timing['p50']} s, p95 {timing['p95']} s"
        )
    else:
        click.echo("\nno answer finished in the last day")
    failures = report["failedLastDay"]
    click.echo(f"answers failed in the last day: {len(failures)}")
    for failure in failures:
        click.echo(f"  {failure['failedAt']}  {failure['answerId']}  {failure['error']}")


async def _pipeline_status() -> dict[str, Any]:
    from datetime import UTC, datetime

    from redis.asyncio import Redis

    from pipeline.interface import pipeline_status

    settings = get_settings()
    redis = Redis.from_url(settings.redis_url, decode_responses=True)
    try:
        return await pipeline_status(redis, settings.broker, datetime.now(UTC))
    finally:
        await redis.aclose()


@pipeline.command()
@click.option("--every", default=10.0, show_default=True, help="Seconds between passes.")
@click.option("--once", is_flag=True, help="One pass, then exit.")
def sweep(every: float, once: bool) -> None:
    """Send lost work again and fail crash loops (run one sweeper per deployment)."""
    from core.logs import configure_logging
    from pipeline.sweeper import sweep_forever, sweep_once

    settings = get_settings()
    if not once:
        configure_logging(settings.log_level)  # a long-running process: JSON lines like the rest
        run(sweep_forever(settings, every))
        return
    report = run(sweep_once(settings))
    click.echo(
        f"requeued {report.requeued}, failed {report.failed}, resent {report.resent}, "
        f"results requested {report.results}"
    )


@main.command()
@click.argument("audio", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--text", help="Score this typed answer instead of a recording.")
@click.option(
    "--question", required=True, help="The question; bank questions bring their key points."
)
@click.option(
    "--key-point", "key_points", multiple=True, help="A key point (repeat); default: the bank's."
)
@click.option("--skill", "skills", multiple=True, help="An interview skill (repeat).")
@click.option(
    "--category",
    type=click.Choice(["technical", "behavioral", "situational"]),
    help="Default: the bank question's, else technical.",
)
def analyse(
    audio: str | None,
    text: str | None,
    question: str,
    key_points: tuple[str, ...],
    skills: tuple[str, ...],
    category: str | None,
) -> None:
    """Print the AnswerAnalysis of one answer as JSON, as the score stage would make it."""
    from pipeline.analyse import analyse_answer

    if (audio is None) == (text is None):
        raise click.UsageError("give either AUDIO or --text")
    try:
        analysis = analyse_answer(
            question=question,
            audio=audio,
            text=text,
            key_points=list(key_points),
            skills=list(skills),
            category=category,
        )
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(analysis)


@main.command()
@click.option("--answer", "answers", multiple=True, type=click.UUID, help="An answer id.")
@click.option("--interview", "interviews", multiple=True, type=click.UUID, help="All its answers.")
@click.option("--failed", is_flag=True, help="Only failed answers (alone: every failed answer).")
@click.option("--stage", type=click.Choice(ANSWER_STAGES), help="Start from this stage.")
@click.option("--dry-run", is_flag=True, help="List what would run, change nothing.")
def reprocess(
    answers: tuple[Any, ...],
    interviews: tuple[Any, ...],
    failed: bool,
    stage: str | None,
    dry_run: bool,
) -> None:
    """Run answers through the pipeline again, from a stage."""
    from pipeline.reprocess import find_targets, reprocess_answer

    settings = get_settings()

    async def main_() -> None:
        try:
            targets = await find_targets(
                answer_ids=list(answers),
                interview_ids=list(interviews),
                failed_only=failed,
                stage=stage,
            )
        except ValueError as error:
            raise click.UsageError(str(error)) from None
        if dry_run:
            for target in targets:
                click.echo(f"{target.answer_id}  {target.status:<12} from {target.stage}")
            click.echo(f"{len(targets)} answers would be reprocessed")
            return
        if not targets:
            click.echo("nothing to reprocess")
            return
        with click.progressbar(targets, label="reprocessing") as bar:
            for target in bar:
                await reprocess_answer(target, settings.broker)
        click.echo(f"{len(targets)} answers queued again")

    run(main_())
