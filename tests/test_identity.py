"""The distribution's identity: its name on the index, one version everywhere, and the warning
when py-aiowialon (which installs the same import package) sits beside it."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from click.testing import CliRunner

import aiowialon
import pytest_wialon
import wialon_mock
from aiowialon._coexist import DISTRIBUTION
from wialon_mock.run.cli import main

if sys.version_info >= (3, 11):
    import tomllib
else:  # the mock extra installs tomli there
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]  # 3.10 only

ROOT = Path(__file__).resolve().parents[1]


def test_distribution_name_and_one_version_everywhere() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["name"] == DISTRIBUTION == "aiowialon-kit"
    installed = metadata.version(DISTRIBUTION)
    assert aiowialon.__version__ == wialon_mock.__version__ == pytest_wialon.__version__
    assert aiowialon.__version__ == installed
    # the extras name the distribution itself, not the unrelated "aiowialon" on the index
    extras = project["optional-dependencies"]
    assert not any(dep.startswith("aiowialon[") for deps in extras.values() for dep in deps)


def test_changelog_has_the_current_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert f"## {aiowialon.__version__}" in changelog


def test_wialon_mock_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"wialon-mock {wialon_mock.__version__}"


def _import_with_fake_dist(tmp_path: Path, name: str) -> subprocess.CompletedProcess[str]:
    dist = tmp_path / f"{name.replace('-', '_')}-2.0.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 2.0.0\n")
    script = "import aiowialon, importlib; importlib.reload(aiowialon); print('ok')"
    return subprocess.run(
        [sys.executable, "-W", "always", "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )


def test_py_aiowialon_side_by_side_warns_once_with_the_fix(tmp_path: Path) -> None:
    done = _import_with_fake_dist(tmp_path, "py-aiowialon")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
    warnings = [line for line in done.stderr.splitlines() if "WialonWarning" in line]
    assert len(warnings) == 1, done.stderr  # once, though the package was imported twice
    assert "py-aiowialon 2.0.0 is installed beside aiowialon-kit" in warnings[0]
    assert "pip uninstall -y py-aiowialon && pip install --force-reinstall aiowialon-kit" in (
        done.stderr
    )


@pytest.mark.parametrize("name", ["aiowialon-other", "py-wialon"])
def test_other_distributions_do_not_warn(tmp_path: Path, name: str) -> None:
    done = _import_with_fake_dist(tmp_path, name)
    assert done.returncode == 0, done.stderr
    assert "WialonWarning" not in done.stderr
