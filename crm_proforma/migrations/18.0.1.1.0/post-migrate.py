"""Pro formas numbered before the "issued" state existed were issued: say so."""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE account_move
           SET proforma_state = 'issued'
         WHERE is_proforma AND proforma_state = 'draft' AND proforma_number IS NOT NULL
        """
    )
