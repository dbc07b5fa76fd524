"""What the API may use of the pipeline, and nothing more: ask for a stage, create a new
answer's stage rows (inside the API's own transaction), announce a change to event streams
and cached views, read queue statistics; and the comfortable speaking pace that attempts
are compared against."""

from pipeline.dispatch import request_stage
from pipeline.engines.feedback import PACE_RANGE
from pipeline.notices import CHANNEL_PATTERN, announce, changed, channel
from pipeline.stages import ANSWER_STAGES, create_stage_rows
from pipeline.statistics import pipeline_stats, pipeline_status, queue_report

__all__ = [
    "ANSWER_STAGES",
    "CHANNEL_PATTERN",
    "PACE_RANGE",
    "announce",
    "changed",
    "channel",
    "create_stage_rows",
    "pipeline_stats",
    "pipeline_status",
    "queue_report",
    "request_stage",
]
