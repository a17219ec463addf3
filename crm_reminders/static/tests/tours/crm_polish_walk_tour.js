/** A Polish user walks every screen of one crm_* addon: each menu, each of its action's
 * views, and a record's form. On every screen the page must hold none of the addon's
 * English strings (the test hands the msgids whose Polish differs) and no client error.
 *
 * The test puts the plan in `window.crmPolishWalk` (see crm_reminders/tests/polish.py):
 * { menus: [{ path: [xmlid, ...], title, views: ["list", ...], form: "list"|"kanban"|"", dialog }],
 *   english: ["Due Date", ...] }
 */
import { registry } from "@web/core/registry";

/** The root of a view of the given type, as Odoo's View component classes it. */
const viewSelector = (type) => `.o_${type}_view`;

/** The text a user reads on the page: visible text, placeholders and button tooltips. */
function pageText() {
    const parts = [document.body.innerText];
    for (const element of document.querySelectorAll("[placeholder], [data-tooltip]")) {
        if (element.checkVisibility()) {
            parts.push(element.getAttribute("placeholder") || "", element.dataset.tooltip || "");
        }
    }
    return parts.join("\n");
}

function checkPolish(where) {
    const text = pageText();
    const found = window.crmPolishWalk.english.filter((english) => text.includes(english));
    if (found.length) {
        throw new Error(`English on the Polish screen ${where}: ${JSON.stringify(found)}`);
    }
}

function checkStep(where, trigger) {
    return { trigger, run: () => checkPolish(where) };
}

function menuSteps(menu) {
    const where = menu.title;
    const steps = menu.path.map((xmlid) => ({
        trigger: `[data-menu-xmlid="${xmlid}"]`,
        run: "click",
    }));
    if (menu.dialog) {
        steps.push(
            checkStep(`${where} (dialog)`, `.modal:has(.modal-title:contains("${menu.title}")) .o_form_view`),
            { trigger: ".modal .btn-close", run: "click" },
            { trigger: "body:not(:has(.modal))" }
        );
        return steps;
    }
    const first = menu.views[0];
    steps.push(
        checkStep(
            `${where} (${first})`,
            `.o_action_manager ${viewSelector(first)}:has(.o_breadcrumb .active:contains("${menu.title}"))`
        )
    );
    for (const view of menu.views.slice(1)) {
        steps.push(
            { trigger: `.o_control_panel .o_switch_view.o_${view}`, run: "click" },
            checkStep(`${where} (${view})`, `.o_action_manager ${viewSelector(view)}`)
        );
    }
    if (menu.form) {
        if (menu.views.at(-1) !== menu.form) {
            steps.push({ trigger: `.o_control_panel .o_switch_view.o_${menu.form}`, run: "click" });
        }
        const record =
            menu.form === "kanban"
                ? ".o_kanban_view .o_kanban_record:not(.o_kanban_ghost)"
                : ".o_list_view .o_data_row:first-child td.o_data_cell:not(.o_handle_cell)";
        steps.push(
            { trigger: `.o_action_manager ${record}`, run: "click" },
            checkStep(`${where} (form)`, ".o_action_manager .o_form_view .o_form_renderer")
        );
    }
    return steps;
}

registry.category("web_tour.tours").add("crm_polish_walk", {
    steps: () => [
        { trigger: ".o_navbar_apps_menu button", run: "click" },
        { trigger: '.o_app[data-menu-xmlid="crm_reminders.menu_root"]', run: "click" },
        { trigger: ".o_main_navbar .o_menu_brand" },
        ...window.crmPolishWalk.menus.flatMap(menuSteps),
    ],
});
