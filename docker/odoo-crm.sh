#!/bin/sh
# `odoo` with the suite's addons installed or updated: the list of tools/addons.txt, written into
# the image when it was built. Through the image's entrypoint, which adds the database settings
# (HOST, USER, PASSWORD) of the container's environment.
exec /entrypoint.sh odoo -i "$(cat /etc/odoo/crm-addons)" "$@"
