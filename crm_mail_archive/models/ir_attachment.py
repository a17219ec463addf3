from odoo import models
from odoo.tools import SQL


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _crm_archive_clear(self):
        """Empty the contents of archived attachments, keeping the records (name, type, links).

        Equivalent to writing empty data (``_set_attachment_data``) in one statement for the
        whole batch; the old filestore files are handed to the garbage collection as Odoo does,
        which keeps a file still used by another attachment.
        """
        empty = self._get_datas_related_values(b"", False)
        fnames = [fname for fname in self.mapped("store_fname") if fname]
        self.env.cr.execute(
            SQL(
                "UPDATE ir_attachment SET file_size = 0, checksum = %s, index_content = NULL, "
                "store_fname = NULL, db_datas = NULL WHERE id = ANY(%s)",
                empty["checksum"],
                list(self.ids),
            )
        )
        self.invalidate_recordset(["file_size", "checksum", "index_content", "store_fname", "db_datas", "raw", "datas"])
        for fname in fnames:
            self._file_delete(fname)
