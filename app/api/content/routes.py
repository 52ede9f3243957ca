"""Pocket cards (lommekort) and the reference content the tablet needs offline."""

from flask.views import MethodView
from flask_smorest import Blueprint

from app.access import current_actor, require_role
from app.api.content.schemas import LanguageQuery, PocketCardSetSchema, ReferenceContentSchema
from app.domain import content_store
from app.extensions import db
from app.services import pocket_cards

blp = Blueprint("content", __name__, url_prefix="/api/v1", description="Pocket cards and reference content")


@blp.route("/pocket-cards")
class PocketCards(MethodView):
    @blp.arguments(LanguageQuery, location="query")
    @blp.response(200, PocketCardSetSchema)
    def get(self, query):
        """The current pocket-card prompts for a language"""
        return pocket_cards.current_set(current_actor().org_id, query["lang"])

    @blp.arguments(LanguageQuery, location="query")
    @blp.arguments(PocketCardSetSchema)
    @blp.response(201, PocketCardSetSchema)
    def post(self, query, body):
        """Publish a new version of the organisation's pocket card (leader or admin)"""
        actor = require_role("leader", "admin")
        result = pocket_cards.publish(actor, query["lang"], body)
        db.session.commit()
        return result


@blp.route("/content")
class ReferenceContent(MethodView):
    @blp.response(200, ReferenceContentSchema)
    def get(self):
        """Checklist template, PSFS rules and CFS level texts"""
        current_actor()
        return {"checklist": content_store.checklist_template(), "psfs": content_store.psfs_rules(),
                "cfs": {"levels": content_store.cfs_levels()}}
