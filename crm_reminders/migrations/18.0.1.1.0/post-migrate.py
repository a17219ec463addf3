"""Events of meetings and visits made before 18.0.1.1.0 were public: make them private, as
new ones are (issue 16, case 1)."""


def migrate(cr, version):
    cr.execute(
        "UPDATE calendar_event SET privacy = 'private', show_as = 'busy'"
        " WHERE res_model = 'crm.task' AND COALESCE(privacy, '') != 'private'"
    )
