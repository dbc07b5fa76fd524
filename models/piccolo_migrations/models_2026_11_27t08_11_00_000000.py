"""Composite indexes of answers and their stages."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-27T08:11:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "answer composite indexes"

INDEXES = {
    "answers_interview_question_attempt": (
        "CREATE UNIQUE INDEX IF NOT EXISTS answers_interview_question_attempt "
        "ON answers (interview, question, attempt)"
    ),
    "answer_stages_answer_name": (
        "CREATE UNIQUE INDEX IF NOT EXISTS answer_stages_answer_name "
        "ON answer_stages (answer, name)"
    ),
    "answer_stages_status_updated": (
        "CREATE INDEX IF NOT EXISTS answer_stages_status_updated "
        "ON answer_stages (status, updated_at)"
    ),
}


class Raw(Table, tablename="migration"):
    """Any table serves to run raw SQL on the app's engine."""


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="models", description=DESCRIPTION)

    async def create_indexes() -> None:
        for statement in INDEXES.values():
            await Raw.raw(statement)

    async def drop_indexes() -> None:
        for name in INDEXES:
            await Raw.raw(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
