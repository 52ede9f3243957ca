"""Measures per pathway, the leader's board and run charts, exports; and the /board page that shows them."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint as FlaskBlueprint
from flask import Response, current_app, render_template, send_from_directory
from flask.views import MethodView
from flask_smorest import Blueprint

from app.access import current_actor
from app.api.reports.schemas import (
    BoardSchema,
    ExportQuery,
    MeasuresSchema,
    ReportQuery,
    RunchartQuery,
    RunchartsSchema,
)
from app.extensions import db
from app.services import exports, reports

BOARD_DIR = Path(__file__).resolve().parents[2] / "static" / "board"

blp = Blueprint("reports", __name__, url_prefix="/api/v1", description="Measures, board, run charts, exports")
# Pages outside the JSON API: the leader's board (static files) and the printable visit summary.
pages = FlaskBlueprint("report_pages", __name__)


def _scope(args: dict) -> reports.ReportScope:
    return reports.report_scope(current_actor(), args.get("team_id"), args.get("from_"), args.get("to"))


@blp.route("/pathways/<string:pathway_id>/measures")
class PathwayMeasures(MethodView):
    @blp.response(200, MeasuresSchema)
    def get(self, pathway_id):
        """PSFS baseline vs follow-up, checklist fulfilment, goals and conversation history of one pathway"""
        result = reports.pathway_measures(current_actor(), pathway_id)
        db.session.commit()
        return result


@blp.route("/pathways/<string:pathway_id>/fhir")
class PathwayFhir(MethodView):
    @blp.response(200, content_type="application/fhir+json",
                  description="FHIR R4 Bundle (collection): Questionnaires, QuestionnaireResponses, "
                              "Observations")
    def get(self, pathway_id):
        """The pathway's PSFS and checklist as a FHIR R4 Bundle"""
        bundle = exports.fhir_bundle(current_actor(), pathway_id)
        db.session.commit()
        response = current_app.json.response(bundle)
        response.mimetype = "application/fhir+json"
        return response


@blp.route("/reports/board")
class Board(MethodView):
    @blp.arguments(ReportQuery, location="query")
    @blp.response(200, BoardSchema)
    def get(self, args):
        """The team board: pathways by HPH stage, due follow-ups, missed conversations, gaps, CFS ≥ 6"""
        result = reports.board(current_actor(), _scope(args))
        db.session.commit()
        return result


@blp.route("/reports/runcharts")
class Runcharts(MethodView):
    @blp.arguments(RunchartQuery, location="query")
    @blp.response(200, RunchartsSchema)
    def get(self, args):
        """Run charts: checklist fulfilment per pathway and PSFS follow-up share per ISO week, with signals"""
        result = reports.runcharts(current_actor(), _scope(args), args["rules"])
        db.session.commit()
        return result


@blp.route("/reports/export/<string:measure>.csv")
class Export(MethodView):
    @blp.arguments(ExportQuery, location="query")
    @blp.response(200, content_type="text/csv", description="CSV, UTF-8 with BOM; pseudonymised by default")
    def get(self, args, measure):
        """CSV of a measure (psfs, checklist, conversations-missing) for the improvement team"""
        text, _ = exports.export_csv(current_actor(), measure, _scope(args), args["identified"])
        db.session.commit()
        suffix = "-identifisert" if args["identified"] else ""
        return Response(text, mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="viktig-{measure}{suffix}.csv"'})


@pages.get("/pathways/<string:pathway_id>/summary")
def visit_summary(pathway_id: str):
    context = exports.summary_context(current_actor(), pathway_id)
    db.session.commit()
    html = render_template("visit_summary.html", **context)
    return Response(html, mimetype="text/html", headers={"Cache-Control": "no-store"})


@pages.get("/board")
def board_page():
    return _board_file("board.html")


@pages.get("/board/<path:filename>")
def board_asset(filename: str):
    return _board_file(filename)


def _board_file(filename: str):
    response = send_from_directory(BOARD_DIR, filename, max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


def register(api, app) -> None:
    api.register_blueprint(blp)
    app.register_blueprint(pages)
