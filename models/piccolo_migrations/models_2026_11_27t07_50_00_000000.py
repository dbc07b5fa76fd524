"""Composite indexes for the interview list, filters, joins and stats."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-27T07:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "composite indexes"


class Raw(Table, tablename="migration"):
    """Any table serves to run raw SQL on the app's engine."""


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="models", description=DESCRIPTION)

    # Composite indexes for the list, filter and stats queries (Piccolo columns only
    # declare single-column ones); plain SQL that PostgreSQL and SQLite both accept.
    composite_indexes = [
        "CREATE INDEX IF NOT EXISTS interviews_user_created "
        "ON interviews (\"user\", created_at)",
        "CREATE INDEX IF NOT EXISTS interviews_user_status_created "
        "ON interviews (\"user\", status, created_at)",
        "CREATE UNIQUE INDEX IF NOT EXISTS interview_questions_interview_question "
        "ON interview_questions (interview, question)",
        "CREATE INDEX IF NOT EXISTS question_skills_skill_question "
        "ON question_skills (skill, question)",
        "CREATE INDEX IF NOT EXISTS interview_results_user_generated "
        "ON interview_results (\"user\", generated_at)",
        "CREATE INDEX IF NOT EXISTS result_highlights_user_kind "
        "ON result_highlights (\"user\", kind, text)",
    ]

    async def create_composite_indexes() -> None:
        for statement in composite_indexes:
            await Raw.raw(statement)

    manager.add_raw(create_composite_indexes)

    async def drop_composite_indexes() -> None:
        for statement in composite_indexes:
            name = statement.split(" EXISTS ")[1].split(" ")[0]
            await Raw.raw(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw_backwards(drop_composite_indexes)
    return manager
