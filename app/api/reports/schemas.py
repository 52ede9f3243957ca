"""Query arguments and response shapes of the reports endpoints (the views return plain dicts)."""

from marshmallow import Schema, fields, validate

from app.domain.entry_schemas import PLANNED_DATE_RULES


class ReportQuery(Schema):
    team_id = fields.String(load_default=None, validate=validate.Length(min=1, max=36),
                            metadata={"description": "One team; default: every team you may see"})
    from_ = fields.Date(data_key="from", load_default=None, validate=PLANNED_DATE_RULES,
                        metadata={"description": "Pathways that started on or after this date "
                                                 "(default: 26 weeks before 'to')"})
    to = fields.Date(load_default=None, validate=PLANNED_DATE_RULES,
                     metadata={"description": "… and on or before this date (default: today)"})


class RunchartQuery(ReportQuery):
    rules = fields.String(load_default="anhoej", validate=validate.OneOf(["anhoej", "ihi"]),
                          metadata={"description": "The run-chart rule set in force (both are computed)"})


class ExportQuery(ReportQuery):
    identified = fields.Boolean(load_default=False,
                                metadata={"description": "Names instead of pseudonyms (administrators only, "
                                                         "audited per patient)"})


class StageSchema(Schema):
    code = fields.String()
    phase = fields.String()
    label = fields.String()


class StageCount(StageSchema):
    count = fields.Integer()


class BoardRow(Schema):
    pathway_id = fields.String()
    patient_id = fields.String()
    patient_name = fields.String()
    team_id = fields.String()
    start_date = fields.String()
    due_on = fields.String()
    overdue = fields.Boolean()
    deadline = fields.String()
    held_on = fields.String(allow_none=True)
    cfs = fields.Integer()
    cfs_on = fields.String()


class NotDoneItem(Schema):
    key = fields.String()
    phase = fields.String(allow_none=True)
    text = fields.String()
    not_done = fields.Integer()
    answered = fields.Integer()


class Week(Schema):
    from_ = fields.String(attribute="from", data_key="from")
    to = fields.String()


class _Scoped(Schema):
    team_ids = fields.List(fields.String())
    from_ = fields.String(attribute="from", data_key="from")
    to = fields.String()
    today = fields.String()


class BoardSchema(_Scoped):
    pathways = fields.Integer(metadata={"description": "Pathways that started in the period"})
    stages = fields.List(fields.Nested(StageCount))
    week = fields.Nested(Week)
    follow_up_due = fields.List(fields.Nested(BoardRow), metadata={"description": "PSFS follow-up due this "
                                                                                   "week or overdue"})
    conversation_missing = fields.List(fields.Nested(BoardRow))
    checklist_not_done = fields.List(fields.Nested(NotDoneItem))
    cfs_high = fields.List(fields.Nested(BoardRow))
    totals = fields.Dict(keys=fields.String(), values=fields.Integer(),
                         metadata={"description": "Rows in each list before the list_limit cut"})
    list_limit = fields.Integer()


class ChartPoint(Schema):
    label = fields.String(metadata={"description": "Pathway start date, or ISO week (2025-W07)"})
    value = fields.Float()
    pathway_id = fields.String()
    numerator = fields.Integer()
    denominator = fields.Integer()
    flags = fields.Dict(keys=fields.String(), values=fields.List(fields.String()),
                        metadata={"description": "Per rule set, the run rules this point takes part in"})


class Check(Schema):
    code = fields.String(metadata={"description": "long_run, few_crossings, shift, trend, runs, astronomical"})
    signal = fields.Boolean(allow_none=True)
    observed = fields.Raw(allow_none=True)
    limit = fields.Raw(allow_none=True)


class RuleSetSignals(Schema):
    signal = fields.Boolean()
    checks = fields.List(fields.Nested(Check))


class ChartSchema(Schema):
    title = fields.String()
    x_label = fields.String()
    unit = fields.String()
    rules_in_force = fields.String()
    points = fields.List(fields.Nested(ChartPoint))
    median = fields.Float(allow_none=True)
    n = fields.Integer()
    useful = fields.Integer(metadata={"description": "Points not on the median"})
    signals = fields.Dict(keys=fields.String(), values=fields.Nested(RuleSetSignals))


class RunchartsSchema(_Scoped):
    rules_in_force = fields.String()
    checklist_fulfilment = fields.Nested(ChartSchema)
    psfs_follow_up_share = fields.Nested(ChartSchema)


class MeasuresSchema(Schema):
    pathway_id = fields.String()
    patient_id = fields.String()
    start_date = fields.String()
    status = fields.String()
    stage = fields.Nested(StageSchema)
    psfs = fields.Dict()
    checklist = fields.Dict(allow_none=True)
    conversation = fields.Dict()
    goals = fields.List(fields.Dict())
    cfs = fields.Dict(allow_none=True)
    follow_up_due_on = fields.String(allow_none=True)
