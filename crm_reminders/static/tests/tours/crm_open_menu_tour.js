/** Opens the suite's "CRM" app, then clicks the menus whose xml ids the test put in
 * `window.crmTourMenuPath` (comma separated), and waits for the action's view to load.
 * One tour serves every crm_* addon: see crm_reminders/tests/common.py. */
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("crm_open_menu", {
    steps: () => {
        const path = (window.crmTourMenuPath || "").split(",").filter(Boolean);
        return [
            { trigger: ".o_navbar_apps_menu button", run: "click" },
            { trigger: '.o_app[data-menu-xmlid="crm_reminders.menu_root"]', run: "click" },
            { trigger: '.o_main_navbar .o_menu_brand:contains("CRM")' },
            ...path.map((xmlid) => ({ trigger: `[data-menu-xmlid="${xmlid}"]`, run: "click" })),
            { trigger: ".o_action_manager .o_view_controller .o_control_panel" },
        ];
    },
});
