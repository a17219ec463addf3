/**
 * The team Terminarz: OCA's timeline view for contacts and tasks (crm.task), grouped by
 * operator. Three changes to web_timeline's classes, nothing else:
 *
 * - a move the server refuses (e.g. reassigning a task one may only reschedule) puts the item
 *   back where it was and says why in a notification, instead of leaving it where it was dropped;
 * - no "UNASSIGNED" row when rows are a required field (every task has an operator), and with
 *   the "My Team" filter a row for every team member, planned for or not;
 * - its own scale buttons (Today, Day, Week, Month), translated with this addon.
 *
 * Moves, resizes and creations still go through web_timeline: an ORM write or create with
 * the user's own rights.
 */
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {RPCError} from "@web/core/network/rpc";
import {useService} from "@web/core/utils/hooks";
import {user} from "@web/core/user";
import {escape} from "@web/core/utils/strings";
import {TimelineController} from "@web_timeline/views/timeline/timeline_controller.esm";
import {TimelineModel} from "@web_timeline/views/timeline/timeline_model.esm";
import {TimelineRenderer} from "@web_timeline/views/timeline/timeline_renderer.esm";
import {TimelineView} from "@web_timeline/views/timeline/timeline_view.esm";

export class CrmTaskTimelineModel extends TimelineModel {
    setup(params, services) {
        // web_timeline asks check_access_rights(), deprecated in 18.0 (a warning in the server
        // log); has_access() on no record answers the same question for the model.
        const orm = this.orm;
        this.orm = Object.assign(Object.create(orm), {
            call: (model, method, args, kwargs) =>
                method === "check_access_rights"
                    ? orm.call(model, "has_access", [[], args[0]])
                    : orm.call(model, method, args, kwargs),
        });
        super.setup(params, services);
        this.teamRows = [];
    }

    /**
     * Also fetch the user's team when the rows are operators and the "My Team" filter is on,
     * so that a team member with nothing planned still has a row to plan in.
     */
    async load(searchParams) {
        const groupBy = searchParams.groupBy?.length
            ? searchParams.groupBy
            : this.params.default_group_by.split(",");
        const myTeam = (searchParams.domain || []).some(
            (leaf) => Array.isArray(leaf) && leaf[0] === "in_my_team" && leaf[1] === "=" && leaf[2] === true
        );
        this.teamRows = [];
        if (groupBy[0] === "user_id" && myTeam) {
            const [me] = await this.orm.webRead("res.users", [user.userId], {
                specification: {display_name: {}, crm_reminder_team_ids: {fields: {display_name: {}}}},
            });
            this.teamRows = [me, ...me.crm_reminder_team_ids].map((member) => [member.id, member.display_name]);
        }
        return super.load(searchParams);
    }

    /** A tooltip on each item: its kind (in the user's language), subject and customer. */
    _event_data_transform(record) {
        const item = super._event_data_transform(record);
        const kinds = Object.fromEntries(this.fields.kind?.selection || []);
        const customer = record.partner_id ? ` (${record.partner_id[1]})` : "";
        item.title = escape(`${kinds[record.kind] || ""}: ${record.name}${customer}`);
        return item;
    }
}

export class CrmTaskTimelineController extends TimelineController {
    setup() {
        super.setup();
        this.notification = useService("notification");
    }

    /**
     * Write the queued moves one by one; a move the server refuses with a business error
     * (access, validation, user error) is undone on screen and its message shown.
     */
    async internalMove() {
        const moves = this.moveQueue.splice(0);
        const refusals = new Set();
        let failure = null;
        for (const move of moves) {
            if (failure) {
                move.callback(null);
                continue;
            }
            try {
                await this.model.write_completed(move.id, move.data);
                move.callback(move.item);
            } catch (error) {
                move.callback(null);
                if (error instanceof RPCError && error.exceptionName?.startsWith("odoo.exceptions.")) {
                    refusals.add(error.data.message);
                } else {
                    failure = error;
                }
            }
        }
        await this.model.load(this.getSearchProps());
        this.render();
        for (const message of refusals) {
            this.notification.add(message, {
                title: _t("Not moved"),
                type: "danger",
                sticky: true,
                className: "o_crm_task_timeline_refused",
            });
        }
        if (failure) {
            throw failure;
        }
    }
}

export class CrmTaskTimelineRenderer extends TimelineRenderer {
    static template = "crm_reminders_timeline.TimelineRenderer";

    async split_groups(records) {
        let groups = await super.split_groups(records);
        const field = this.fields[this.model.last_group_bys[0]];
        if (field && field.required) {
            groups = groups.filter((group) => group.id !== -1);
        }
        if (this.model.teamRows.length) {
            const shown = new Set(groups.map((group) => group.id));
            for (const [id, name] of this.model.teamRows) {
                if (!shown.has(id)) {
                    groups.push({id, content: name});
                }
            }
            groups.sort((a, b) => String(a.content).localeCompare(String(b.content)));
            groups.forEach((group, index) => (group.order = index + 1));
        }
        return groups;
    }
}

export const CrmTaskTimelineView = {
    ...TimelineView,
    Controller: CrmTaskTimelineController,
    Model: CrmTaskTimelineModel,
    Renderer: CrmTaskTimelineRenderer,
};

registry.category("views").add("crm_task_timeline", CrmTaskTimelineView);
