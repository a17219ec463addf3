/** The team Terminarz in the browser (see tests/test_timeline_tour.py, which builds the data
 * and checks the database afterwards).
 *
 * Dragging: vis-timeline follows the pointer through Hammer.js gestures, which synthetic
 * events in a headless browser do not drive reliably. So the drag steps do what vis-timeline
 * does when a drag ends (ItemSet._onDragEnd): they hand the item's new start, end and row to
 * the view's own onMove / onAdd handlers. From there on everything is the view's real code:
 * web_timeline's controller writes owner, deadline and duration through the ORM with the
 * user's rights, and this addon's controller undoes a refused move on screen. */

import {registry} from "@web/core/registry";

function visItem(name) {
    const box = [...document.querySelectorAll(".o_crm_task_timeline .vis-item")].find((el) =>
        el.textContent.includes(name)
    );
    if (!box) {
        throw new Error(`No timeline item "${name}"`);
    }
    return box["vis-item"];
}

/** Fails the tour unless the item called `name` is shown in the row of `group`. */
function assertInRow(name, group) {
    const row = visItem(name).parent.groupId;
    if (row !== group) {
        throw new Error(`"${name}" is in row ${row}, expected ${group}`);
    }
}

/** Ends a drag of the item called `name`, as vis-timeline's ItemSet._onDragEnd does. */
function dragEnd(name, changes) {
    const item = visItem(name);
    const itemSet = item.parent.itemSet;
    const itemData = Object.assign(itemSet._cloneItemData(item.data), changes);
    itemSet.options.onMove(itemData, (data) => {
        if (data) {
            itemSet.itemsData.update(data);
        } else {
            item.setData(item.data);
            itemSet.body.emitter.emit("_change");
        }
    });
}

/** Adds an item in an empty slot of a row, as vis-timeline's ItemSet._onAddItem does on a double-click. */
function addInSlot(group, start) {
    const itemSet = document.querySelector(".o_crm_task_timeline .vis-item")["vis-item"].parent.itemSet;
    itemSet.options.onAdd({start, group, content: "new"}, (itemData) => {
        if (itemData) {
            itemSet.itemsData.add(itemData);
        }
        itemSet.body.emitter.emit("_change");
    });
}

function openTeamTerminarz() {
    return [
        {trigger: ".o_navbar_apps_menu button", run: "click"},
        {trigger: '.o_app[data-menu-xmlid="crm_reminders.menu_root"]', run: "click"},
        {trigger: '[data-menu-xmlid="crm_reminders_timeline.menu_terminarz_team"]', run: "click"},
    ];
}

registry.category("web_tour.tours").add("crm_reminders_timeline_team_tour", {
    steps: () => {
        const data = window.crmTimelineTour;
        return [
            ...openTeamTerminarz(),
            ...data.operators.map((name) => ({trigger: `.o_crm_task_timeline .vis-label:contains("${name}")`})),
            {trigger: `.o_crm_task_timeline .vis-item:contains("${data.call}")`},
            {
                content: "drag the colleague's call to another operator and another day",
                trigger: `.o_crm_task_timeline .vis-item:contains("${data.call}")`,
                run: () =>
                    dragEnd(data.call, {
                        start: new Date(data.callStart),
                        end: new Date(data.callEnd),
                        group: data.callTo,
                    }),
            },
            {
                content: "stretch the meeting by an hour",
                trigger: `.o_crm_task_timeline .vis-item:contains("${data.meeting}")`,
                run: () => dragEnd(data.meeting, {end: new Date(data.meetingEnd)}),
            },
            {
                content: "plan a new task in the row of an operator with nothing planned yet",
                trigger: `.o_crm_task_timeline .vis-item:contains("${data.meeting}")`,
                run: () => addInSlot(data.newTo, new Date(data.newStart)),
            },
            {trigger: ".modal .o_field_widget[name=name] input", run: `edit ${data.newName}`},
            {trigger: ".modal .o_form_button_save", run: "click"},
            {trigger: "body:not(:has(.modal))"},
            {trigger: `.o_crm_task_timeline .vis-item:contains("${data.newName}")`},
            {
                content: "after the reload the call is in its new operator's row, the new task too",
                trigger: `.o_crm_task_timeline .vis-item:contains("${data.call}")`,
                run: () => {
                    assertInRow(data.call, data.callTo);
                    assertInRow(data.newName, data.newTo);
                    const title = visItem(data.call).data.title;
                    if (!title.includes(`Phone Call: ${data.call}`)) {
                        throw new Error(`tooltip of the call: ${title}`);
                    }
                },
            },
            {trigger: ".o_switch_view.o_list", run: "click"},
            {trigger: `.o_data_row:contains("${data.call}"):contains("${data.callToName}"):contains("${data.callStartText}")`},
        ];
    },
});

registry.category("web_tour.tours").add("crm_reminders_timeline_refused_tour", {
    steps: () => {
        const data = window.crmTimelineTour;
        return [
            ...openTeamTerminarz(),
            {trigger: `.o_crm_task_timeline .vis-item:contains("${data.call}")`},
            {
                content: "move a task that was deleted meanwhile (in another tab)",
                trigger: `.o_crm_task_timeline .vis-item:contains("${data.call}")`,
                run: async () => {
                    await odoo.__WOWL_DEBUG__.root.env.services.orm.unlink("crm.task", [data.callId]);
                    dragEnd(data.call, {
                        start: new Date(data.callStart),
                        end: new Date(data.callEnd),
                        group: data.callTo,
                    });
                },
            },
            {trigger: ".o_notification.o_crm_task_timeline_refused:contains(Not moved):contains(deleted)"},
            {trigger: `.o_crm_task_timeline:not(:has(.vis-item:contains("${data.call}")))`},
        ];
    },
});

registry.category("web_tour.tours").add("crm_reminders_timeline_polish_tour", {
    steps: () => [
        {trigger: ".o_navbar_apps_menu button", run: "click"},
        {trigger: '.o_app[data-menu-xmlid="crm_reminders.menu_root"]', run: "click"},
        {
            trigger: '[data-menu-xmlid="crm_reminders_timeline.menu_terminarz_team"]:contains("Terminarz zespołu")',
            run: "click",
        },
        {trigger: '.o_breadcrumb:contains("Terminarz zespołu")'},
        {trigger: '.o_searchview_facet:contains("Mój zespół")'},
        {trigger: '.o_crm_task_timeline_buttons button:contains("Dzisiaj")'},
        {trigger: '.o_crm_task_timeline_buttons button:contains("Dzień")'},
        {trigger: '.o_crm_task_timeline_buttons button:contains("Tydzień")'},
    ],
});

registry.category("web_tour.tours").add("crm_reminders_timeline_not_owner_tour", {
    steps: () => {
        const data = window.crmTimelineTour;
        return [
            {trigger: `.o_crm_task_timeline .vis-label:contains("${data.callToName}")`},
            {
                content: "a team leader who is not a manager tries to take over a colleague's call",
                trigger: `.o_crm_task_timeline .vis-item:contains("${data.call}")`,
                run: () =>
                    dragEnd(data.call, {
                        start: new Date(data.callStart),
                        end: new Date(data.callEnd),
                        group: data.callTo,
                    }),
            },
            {trigger: ".o_notification.o_crm_task_timeline_refused:contains(Not moved):contains(reassign)"},
            {
                content: "the call is back in its owner's row",
                trigger: `.o_crm_task_timeline .vis-item:contains("${data.call}")`,
                run: () => assertInRow(data.call, data.callFrom),
            },
        ];
    },
});
