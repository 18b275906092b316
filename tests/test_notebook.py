"""examples/explore.ipynb runs headlessly and shows the rich reprs (issue 15)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

# The HTML tree helpers (tests/ is on sys.path under pytest's default import mode).
from test_display import find, parse, text_of

ROOT = Path(__file__).parent.parent
NOTEBOOK = ROOT / "examples" / "explore.ipynb"


@pytest.fixture(scope="module")
def executed() -> list[Any]:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    for cell in notebook.cells:
        assert not cell.get("outputs"), "commit the notebook without outputs"
    NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    ).execute()
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def outputs(cell: Any) -> list[Any]:
    for output in cell.outputs:
        assert output.output_type != "error", output.get("evalue")
    return list(cell.outputs)


def html_of(cell: Any) -> str:
    (result,) = [o for o in outputs(cell) if o.output_type == "execute_result"]
    assert "text/plain" in result.data
    return str(result.data["text/html"])


def test_every_cell_runs(executed: list[Any]):
    for cell in executed:
        outputs(cell)


def test_the_pager_renders_as_a_table_of_three(executed: list[Any]):
    root = parse(html_of(executed[1]))
    (table,) = find(root, "table")
    assert text_of(find(table, "caption")[0]) == "SyncPager, first page: 3 of 3"
    names = [text_of(find(row, "td")[1]) for row in find(find(table, "tbody")[0], "tr")]
    assert names == ["add-roles", "block-risky-ips", "enrich-token"]


def test_one_action_renders_as_a_key_value_table_with_folded_code(executed: list[Any]):
    root = parse(html_of(executed[2]))
    (table,) = find(root, "table")
    assert table["attrs"]["class"] == "actions-sdk-model"
    assert [text_of(find(r, "th")[0]) for r in find(table, "tr")][:2] == ["id", "name"]
    (details,) = find(table, "details")
    assert "add-roles" in text_of(find(details, "pre")[0])


def test_the_short_repr_is_printed(executed: list[Any]):
    (stream,) = outputs(executed[3])
    text = stream.text.strip()
    assert text.startswith("Action(id=")
    assert "name='add-roles'" in text
    assert len(text) <= 200


def test_the_dataframe_and_the_progress_lines(executed: list[Any]):
    frame = html_of(executed[4])
    assert "<table" in frame
    assert "block-risky-ips" in frame
    printed = "".join(o.text for o in outputs(executed[5]) if o.output_type == "stream")
    assert "deploy" in printed
    assert "done (deployment)" in printed
    assert "ActionVersion" in html_of(executed[5])
    bound = "".join(o.text for o in outputs(executed[6]) if o.output_type == "stream")
    assert "bindings written" in bound
    assert "actions-sdk-list" in html_of(executed[6])
