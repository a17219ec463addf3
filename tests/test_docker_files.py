"""docker/: the image takes its addons from tools/addons.txt, like `make test` and `make run`.

The image itself is not built here (no container registry to pull `odoo:18` from); these checks
keep its files consistent with the one list: no addon written into docker/, and what the build
reads let into its context.
"""

import pathlib
import shutil
import subprocess
import sys

import testrun

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOCKER = ROOT / "docker"


def test_no_addon_is_listed_under_docker():
    addons = testrun.suite_addons(include_all=True)
    for path in DOCKER.iterdir():
        text = path.read_text()
        for addon in addons:
            assert f"COPY {addon}" not in text and f"-i {addon}" not in text and f",{addon}" not in text, path


def test_build_context_holds_what_the_dockerfile_reads(tmp_path):
    """Only what docker/Dockerfile.dockerignore admits reaches the build; from that alone the
    list the image copies and installs is the suite's whole list."""
    admitted = [line[1:] for line in (DOCKER / "Dockerfile.dockerignore").read_text().splitlines() if line[:1] == "!"]
    for needed in ("requirements.txt", "crm_*", "tools/addons.txt", "tools/testrun.py", "docker/odoo-crm.sh"):
        assert needed in admitted
    for pattern in admitted:
        for source in ROOT.glob(pattern):
            target = tmp_path / source.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, target)
            else:
                shutil.copy2(source, target)
    listed = subprocess.run(
        [sys.executable, "tools/testrun.py", "addons", "--all"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert listed.split(",") == testrun.suite_addons(include_all=True)
    assert all((tmp_path / addon / "__manifest__.py").exists() for addon in listed.split(","))
