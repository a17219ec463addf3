"""Fetch an OCA addon from PyPI for a benchmark, without installing it with pip.

OCA publishes each addon as a wheel ``odoo_addon_<name>`` whose metadata requires ``odoo==18.0.*``;
that requirement only resolves where Odoo itself is a pip distribution, which ours is not. So the
wheel is downloaded with ``pip download --no-deps`` and unzipped: it holds the addon under
``odoo/addons/<name>``, and adding that folder to the addons path is all Odoo needs.

Both the wheel and the unzipped tree are cached in ``.state/peers`` (git-ignored), so a rerun works
offline.
"""

import ast
import subprocess
import sys
import zipfile
from pathlib import Path

PEERS_DIR = Path(__file__).resolve().parent.parent / ".state" / "peers"


def ensure_peer(requirement, addon, peers_dir=PEERS_DIR):
    """Return the ``odoo/addons`` folder holding ``addon`` from the newest cached wheel matching
    ``requirement`` (e.g. ``"odoo-addon-contract>=18.0,<18.1"``), downloading it on first use."""
    peers_dir.mkdir(parents=True, exist_ok=True)
    pattern = f"odoo_addon_{addon}-18.0.*-py3-none-any.whl"
    wheels = sorted(peers_dir.glob(pattern))
    if not wheels:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "--dest", str(peers_dir), requirement],
            check=True,
        )
        wheels = sorted(peers_dir.glob(pattern))
        if not wheels:
            raise RuntimeError(f"pip download gave no wheel matching {pattern} in {peers_dir}")
    wheel = wheels[-1]
    target = peers_dir / wheel.name.removesuffix(".whl")
    addons_dir = target / "odoo" / "addons"
    if not (addons_dir / addon / "__manifest__.py").exists():
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(target)
    return addons_dir


def peer_version(addons_dir, addon):
    """The ``version`` of the peer's manifest, for the report."""
    manifest = (Path(addons_dir) / addon / "__manifest__.py").read_text(encoding="utf-8")
    # the manifest is a Python literal: evaluate it the way Odoo does
    return ast.literal_eval(manifest).get("version", "?")
