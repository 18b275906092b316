"""Load and check an actions manifest (YAML), reporting every problem with its file and line.

PyYAML is imported only here, when a manifest is read: it is in the ``[cli]`` extra, never a
dependency of ``import actions_sdk``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import attrs

from actions_sdk.manifest._errors import ManifestError, Problem

if TYPE_CHECKING:
    import yaml

    from actions_sdk.manifest._remote import RemoteAction

__all__ = [
    "API_AUTH0",
    "API_ZITADEL_V1",
    "API_ZITADEL_V2",
    "MANIFEST_FILE",
    "ActionSpec",
    "Manifest",
    "SecretRef",
    "auth0_trigger_fields",
    "format_duration",
    "load",
    "parse_duration",
    "resolve_placeholders",
    "schema",
    "target_fields",
]

API_AUTH0 = "auth0"
API_ZITADEL_V1 = "zitadel-v1"
# ZITADEL v2 has targets (endpoints, no code) and executions (an ordered target list per
# condition), so its manifest says ``targets:`` and ``executions:`` where the others say
# ``actions:`` and ``bindings:``; the parsed form is the same (ActionSpec, ordered name lists).
API_ZITADEL_V2 = "zitadel-v2"
APIS = (API_AUTH0, API_ZITADEL_V1, API_ZITADEL_V2)
MANIFEST_FILE = "actions.yaml"

# The two top-level keys holding the objects and their ordered lists, per API.
SECTIONS = {
    API_AUTH0: ("actions", "bindings"),
    API_ZITADEL_V1: ("actions", "bindings"),
    API_ZITADEL_V2: ("targets", "executions"),
}
_TOP = {"version", "api", "managed"}
_SECTION_KEYS = {key for pair in SECTIONS.values() for key in pair}
_COMMON = {"delete", "renamed_from"}
_FIELDS = {
    API_AUTH0: _COMMON
    | {"code", "trigger", "trigger_version", "runtime", "dependencies", "secrets"},
    API_ZITADEL_V1: _COMMON | {"code", "timeout", "allowed_to_fail"},
    API_ZITADEL_V2: _COMMON
    | {"endpoint", "target_type", "timeout", "interrupt_on_error", "payload_type"},
}
_V2_TIMEOUT_MAX = 270.0
_ENDPOINT_MAX = 2048
_PLACEHOLDER = re.compile(r"\$\$\{|\$\{([^}]*)\}")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_SECRET_VALUE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}\Z")
_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m)\Z")


@attrs.frozen(kw_only=True)
class SecretRef:
    """A secret by name; its value comes only from an environment variable.

    Attributes:
        name: The secret's name.
        env: The environment variable holding the value (``${ENV}`` in the manifest), or
            ``None`` when the manifest gives no value (the remote value is kept).
    """

    name: str
    env: str | None = None


@attrs.frozen(kw_only=True)
class ActionSpec:
    """One action as the manifest wants it (or a tombstone, ``delete=True``).

    Attributes:
        name: The action's unique name.
        line: The manifest line it is declared on.
        delete: A tombstone: delete (and first unbind) the action.
        renamed_from: The action's previous name: it is renamed, not re-created.
        code: The source, read from ``code_file``.
        code_file: The code file, relative to the manifest.
        trigger: Auth0: the supported trigger id, e.g. ``post-login``.
        trigger_version: Auth0: the trigger version (compared only when given).
        runtime: Auth0: the Node runtime (compared only when given).
        dependencies: Auth0: npm dependencies as sorted ``(name, version)`` pairs.
        secrets: Auth0: the secrets, sorted by name; ``None`` when the manifest does not manage
            them.
        timeout: ZITADEL: the run-time limit in seconds (v1: compared only when given; v2:
            required).
        allowed_to_fail: ZITADEL v1: let the flow continue on failure (absent means ``False``).
        endpoint: ZITADEL v2: the target's http(s) URL.
        target_type: ZITADEL v2: ``webhook``, ``call`` or ``async``.
        interrupt_on_error: ZITADEL v2: a failure stops the execution (absent means ``False``).
        payload_type: ZITADEL v2: ``json``, ``jwt`` or ``jwe`` (absent in the manifest means
            ``json``, the server's default, and is loaded as ``json``).
    """

    name: str
    line: int | None = None
    delete: bool = False
    renamed_from: str | None = None
    code: str | None = attrs.field(default=None, repr=False)
    code_file: str | None = None
    trigger: str | None = None
    trigger_version: str | None = None
    runtime: str | None = None
    dependencies: tuple[tuple[str, str], ...] = ()
    secrets: tuple[SecretRef, ...] | None = None
    timeout: float | None = None
    allowed_to_fail: bool = False
    endpoint: str | None = None
    target_type: str | None = None
    interrupt_on_error: bool = False
    payload_type: str | None = None


@attrs.frozen(kw_only=True)
class Manifest:
    """A loaded, checked manifest.

    Attributes:
        path: The manifest file.
        api: ``auth0``, ``zitadel-v1`` or ``zitadel-v2``.
        actions: The actions (``zitadel-v2``: the targets), in name order (tombstones
            included).
        bindings: Per trigger (``zitadel-v2``: per execution condition, in its short form), the
            wanted ordered list of action (target) names; triggers left out are not touched.
        managed: Name globs of the actions this manifest owns: ``prune=True`` deletes only
            remote actions matching one of them.
    """

    path: Path
    api: str
    actions: tuple[ActionSpec, ...] = ()
    bindings: tuple[tuple[str, tuple[str, ...]], ...] = ()
    managed: tuple[str, ...] = ()

    def action(self, name: str) -> ActionSpec | None:
        """Return the action spec with this name, if any.

        Args:
            name: The action name.

        Returns:
            The spec, or ``None``.
        """
        return next((a for a in self.actions if a.name == name), None)


def schema() -> dict[str, Any]:
    """Return the manifest's JSON Schema, as shipped in ``actions_sdk/manifest/schema.json``.

    Returns:
        The schema (for editors and for validating a manifest with a JSON Schema library).
    """
    import json
    from importlib import resources

    loaded: dict[str, Any] = json.loads(
        resources.files("actions_sdk.manifest").joinpath("schema.json").read_text("utf-8")
    )
    return loaded


def parse_duration(value: object) -> float | None:
    """Parse a duration: seconds as a number, or ``"5s"``, ``"5.000s"``, ``"500ms"``, ``"1m"``.

    Args:
        value: The manifest's value.

    Returns:
        Seconds, or ``None`` when it is not a duration.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if value >= 0 else None
    if not isinstance(value, str):
        return None
    match = _DURATION.match(value.strip())
    if match is None:
        return None
    number = float(match.group(1))
    return {"ms": number / 1000, "s": number, "m": number * 60}[match.group(2)]


def format_duration(seconds: float) -> str:
    """Write seconds as a manifest says them: ``5s``, ``1.5s`` (read by :func:`parse_duration`).

    Args:
        seconds: The duration.

    Returns:
        The text.
    """
    return f"{seconds:g}s"


def resolve_placeholders(
    text: str, env: Mapping[str, str], *, strict: bool = True
) -> tuple[str, list[str]]:
    """Replace ``${NAME}`` with ``env[NAME]``; ``$${`` stands for a literal ``${``.

    Args:
        text: The text.
        env: The variables.
        strict: Report unresolved variables (otherwise they are left as written).

    Returns:
        The resolved text and the problems (bad or unresolved names; never a value).
    """
    problems: list[str] = []

    def replace(match: re.Match[str]) -> str:
        if match.group(0) == "$${":
            return "${"
        name = match.group(1)
        if not _ENV_NAME.match(name):
            problems.append(f"bad placeholder name {name[:40]!r} (use ${{ENV_VAR}})")
            return match.group(0)
        if name not in env:
            if strict:
                problems.append(f"unresolved placeholder ${{{name}}}: the variable is not set")
            return match.group(0)
        return env[name]

    return _PLACEHOLDER.sub(replace, text), problems


class _Reader:
    """Walks the YAML node tree, collecting every problem with its line."""

    def __init__(self, path: Path, env: Mapping[str, str], strict: bool) -> None:
        self.path = path
        self.env = env
        self.strict = strict
        self.problems: list[Problem] = []

    def problem(self, node: yaml.Node | None, message: str) -> None:
        line = None if node is None else node.start_mark.line + 1
        self.problems.append(Problem(str(self.path), line, message))

    def mapping(self, node: yaml.Node, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        import yaml

        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{what} must be a mapping")
            return {}
        found: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode) or key.tag != "tag:yaml.org,2002:str":
                self.problem(key, f"{what}: keys must be strings")
                continue
            if key.value in found:
                self.problem(key, f"{what}: {key.value!r} is given twice")
                continue
            found[key.value] = (key, value)
        return found

    def scalar(self, node: yaml.Node) -> object:
        import yaml

        if not isinstance(node, yaml.ScalarNode):
            return node  # not a scalar: callers report the type
        loader = yaml.SafeLoader("")
        try:
            return loader.construct_object(node)
        finally:
            loader.dispose()

    def text(self, node: yaml.Node, what: str, *, optional: bool = False) -> str | None:
        value = self.scalar(node)
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value:
            self.problem(node, f"{what} must be a non-empty string")
            return None
        resolved, problems = resolve_placeholders(value, self.env, strict=self.strict)
        for message in problems:
            self.problem(node, f"{what}: {message}")
        return resolved

    def flag(self, node: yaml.Node, what: str) -> bool:
        value = self.scalar(node)
        if not isinstance(value, bool):
            self.problem(node, f"{what} must be true or false")
            return False
        return value

    def code(self, node: yaml.Node, what: str) -> tuple[str | None, str | None]:
        relative = self.text(node, what)
        if relative is None:
            return None, None
        pure = PurePosixPath(relative)
        if pure.is_absolute() or Path(relative).is_absolute() or "\\" in relative:
            self.problem(node, f"{what} must be a relative path, got an absolute one")
            return None, None
        if ".." in pure.parts:
            self.problem(node, f"{what} must stay beside the manifest ('..' is refused)")
            return None, None
        file = self.path.parent / pure
        try:
            with file.open(encoding="utf-8", newline="") as handle:
                return relative, handle.read()
        except (OSError, UnicodeDecodeError) as exc:
            reason = type(exc).__name__ if isinstance(exc, UnicodeDecodeError) else exc.strerror
            self.problem(node, f"{what}: cannot read {relative}: {reason}")
            return None, None


def _action(reader: _Reader, api: str, key: yaml.Node, node: yaml.Node) -> ActionSpec | None:
    name = key.value
    what = f"{'target' if api == API_ZITADEL_V2 else 'action'} {name!r}"
    fields = reader.mapping(node, what)
    for field, (field_key, _) in fields.items():
        if field == "signing_key" and api == API_ZITADEL_V2:
            # Never echo the value: it is a secret ZITADEL made.
            reader.problem(
                field_key,
                f"{what}: a manifest never holds a signing key (ZITADEL generates it; rotate "
                "it with client.actions.keys.rotate_signing_key; the value was not shown)",
            )
        elif field not in _FIELDS[api]:
            allowed = ", ".join(sorted(_FIELDS[api]))
            reader.problem(field_key, f"{what}: unknown field {field!r} for {api} ({allowed})")
    spec: dict[str, Any] = {"name": name, "line": key.start_mark.line + 1}
    if "delete" in fields:
        spec["delete"] = reader.flag(fields["delete"][1], f"{what}: delete")
        if spec["delete"]:
            extra = set(fields) - {"delete"}
            if extra:
                reader.problem(key, f"{what}: a tombstone (delete: true) has no other fields")
            return ActionSpec(**spec)
    if "renamed_from" in fields:
        spec["renamed_from"] = reader.text(fields["renamed_from"][1], f"{what}: renamed_from")
    if api == API_ZITADEL_V2:
        _target(reader, key, fields, spec, what)
        return ActionSpec(**spec)
    if "code" not in fields:
        reader.problem(key, f"{what}: code (a file path) is required")
    else:
        spec["code_file"], spec["code"] = reader.code(fields["code"][1], f"{what}: code")
    if api == API_AUTH0:
        if "trigger" not in fields:
            reader.problem(key, f"{what}: trigger is required (e.g. post-login)")
        for field in ("trigger", "trigger_version", "runtime"):
            if field in fields:
                spec[field] = reader.text(fields[field][1], f"{what}: {field}")
        if spec.get("trigger") is not None:
            _auth0_trigger(reader, fields["trigger"][1], spec["trigger"], f"{what}: trigger")
        if "dependencies" in fields:
            deps = reader.mapping(fields["dependencies"][1], f"{what}: dependencies")
            pairs = []
            for dep, (_, version) in deps.items():
                text = reader.text(version, f"{what}: version of dependency {dep!r}")
                if text is not None:
                    pairs.append((dep, text))
            spec["dependencies"] = tuple(sorted(pairs))
        if "secrets" in fields:
            spec["secrets"] = _secrets(reader, fields["secrets"][1], what)
    else:
        if "timeout" in fields:
            value = reader.scalar(fields["timeout"][1])
            seconds = parse_duration(value)
            if seconds is None:
                reader.problem(fields["timeout"][1], f"{what}: timeout must be like 5s or 5")
            spec["timeout"] = seconds
        if "allowed_to_fail" in fields:
            spec["allowed_to_fail"] = reader.flag(
                fields["allowed_to_fail"][1], f"{what}: allowed_to_fail"
            )
    return ActionSpec(**spec)


def _target(
    reader: _Reader,
    key: yaml.Node,
    fields: dict[str, tuple[yaml.Node, yaml.Node]],
    spec: dict[str, Any],
    what: str,
) -> None:
    """Read a v2 target's fields into ``spec``, checked as the SDK checks them before sending."""
    from actions_sdk import PayloadType, TargetType  # the public names, read only when needed
    from actions_sdk._checks import check_http_url
    from actions_sdk.errors import ValidationError

    # The spellings ``actions.create`` takes: TargetType's values, PayloadType's member names.
    target_types = tuple(member.value for member in TargetType)
    payload_types = tuple(member.name.lower() for member in PayloadType)
    spec["payload_type"] = "json"  # absent is the server's default: no phantom difference
    for required in ("endpoint", "target_type", "timeout"):
        if required not in fields:
            reader.problem(key, f"{what}: {required} is required")
    if "endpoint" in fields:
        node = fields["endpoint"][1]
        endpoint = reader.text(node, f"{what}: endpoint")
        if endpoint is not None:
            try:
                # The provider's own check, so validate refuses exactly what apply would.
                check_http_url(endpoint, "endpoint", max_length=_ENDPOINT_MAX)
            except ValidationError:
                # The loader's wording (file and line come from the problem); the length is
                # told apart so an over-long URL is not reported as a malformed one.
                if len(endpoint) > _ENDPOINT_MAX:
                    problem = f"endpoint is longer than {_ENDPOINT_MAX} characters"
                else:
                    problem = "endpoint must be an http(s) URL"
                reader.problem(node, f"{what}: {problem}")
            spec["endpoint"] = endpoint
    for field, allowed in (("target_type", target_types), ("payload_type", payload_types)):
        if field in fields:
            node = fields[field][1]
            value = reader.text(node, f"{what}: {field}")
            if value is not None and value.strip().lower() not in allowed:
                reader.problem(node, f"{what}: {field} must be one of {', '.join(allowed)}")
            elif value is not None:
                spec[field] = value.strip().lower()
    if "timeout" in fields:
        node = fields["timeout"][1]
        seconds = parse_duration(reader.scalar(node))
        if seconds is None or not 0 < seconds <= _V2_TIMEOUT_MAX:
            reader.problem(node, f"{what}: timeout must be like 5s, more than 0 and at most 270s")
        spec["timeout"] = seconds
    if "interrupt_on_error" in fields:
        node = fields["interrupt_on_error"][1]
        spec["interrupt_on_error"] = reader.flag(node, f"{what}: interrupt_on_error")
        if spec["interrupt_on_error"] and spec.get("target_type") == "async":
            reader.problem(
                node,
                f"{what}: interrupt_on_error needs a webhook or call target (async is not "
                "waited for)",
            )


def target_fields(target: ActionSpec | RemoteAction) -> dict[str, Any]:
    """A v2 target's fields in the manifest's terms (a create's changes, an exported entry).

    Args:
        target: The manifest's target or the remote one.

    Returns:
        ``endpoint``, ``target_type``, ``timeout`` (seconds), ``interrupt_on_error`` and
        ``payload_type``, every one given: a default is written out, so a review sees it.
    """
    return {
        "endpoint": target.endpoint,
        "target_type": target.target_type,
        "timeout": target.timeout,
        "interrupt_on_error": target.interrupt_on_error,
        "payload_type": target.payload_type,
    }


def _secrets(reader: _Reader, node: yaml.Node, what: str) -> tuple[SecretRef, ...]:
    refs: list[SecretRef] = []
    for name, (_, value_node) in reader.mapping(node, f"{what}: secrets").items():
        value = reader.scalar(value_node)
        if value is None:
            refs.append(SecretRef(name=name))  # name only: the remote value is kept
            continue
        match = _SECRET_VALUE.match(value) if isinstance(value, str) else None
        if match is None:
            # Never echo the value: it may be a pasted secret.
            reader.problem(
                value_node,
                f"{what}: secret {name!r}: values come only from a ${{ENV_VAR}} placeholder "
                "(the value written here was not shown)",
            )
            continue
        env = match.group(1)
        if env not in reader.env and reader.strict:
            reader.problem(
                value_node, f"{what}: secret {name!r}: unresolved placeholder ${{{env}}}"
            )
        refs.append(SecretRef(name=name, env=env))
    return tuple(sorted(refs, key=lambda r: r.name))


def _bindings(
    reader: _Reader, api: str, node: yaml.Node, tombstones: set[str]
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    import yaml

    # The public names: no vendor module named here.
    from actions_sdk import ExecutionCondition, ZitadelTrigger
    from actions_sdk.errors import ValidationError

    section = SECTIONS[api][1]
    point, objects = ("condition", "target") if api == API_ZITADEL_V2 else ("trigger", "action")
    found: dict[str, tuple[str, ...]] = {}
    for trigger, (key, value) in reader.mapping(node, section).items():
        name = trigger
        if api == API_AUTH0 and not _auth0_trigger(reader, key, trigger, "bindings: trigger"):
            continue
        if api != API_AUTH0:
            # One spelling per trigger or condition, so two spellings of one are caught.
            parse = ExecutionCondition.parse if api == API_ZITADEL_V2 else ZitadelTrigger.parse
            try:
                name = str(parse(trigger))
            except ValidationError as exc:
                reader.problem(key, f"{section}: {point} {trigger[:60]!r}: {exc}")
                continue
        if not isinstance(value, yaml.SequenceNode):
            reader.problem(value, f"{section}: {trigger!r} must be a list of {objects} names")
            continue
        names: list[str] = []
        for item in value.value:
            action = reader.text(item, f"{section}: {trigger!r}: item")
            if action is None:
                continue
            if action in names:
                reader.problem(item, f"{section}: {trigger!r}: {action!r} is listed twice")
            elif action in tombstones:
                reader.problem(item, f"{section}: {trigger!r}: {action!r} is marked delete: true")
            else:
                names.append(action)
        if name in found:
            reader.problem(key, f"{section}: {point} {trigger!r} is given twice")
        found[name] = tuple(names)
    return tuple(found.items())


def load(
    path: str | os.PathLike[str],
    *,
    env: Mapping[str, str] | None = None,
    strict: bool = True,
) -> Manifest:
    """Load a manifest and its code files, checking everything before anything is sent.

    Args:
        path: The manifest file, or a directory holding ``actions.yaml``.
        env: The variables for ``${ENV_VAR}`` placeholders (default: the process environment).
        strict: Report unresolved placeholders (the default); ``False`` lets ``validate`` check
            a manifest without its secrets at hand.

    Returns:
        The manifest.

    Raises:
        ManifestError: Every problem found, each with file and line.
    """
    import yaml

    file = Path(path)
    if file.is_dir():
        file = file / MANIFEST_FILE
    reader = _Reader(file, os.environ if env is None else env, strict)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(
            [Problem(str(file), None, f"cannot read: {type(exc).__name__}")]
        ) from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = None if mark is None else mark.line + 1
        reason = getattr(exc, "problem", None) or "invalid YAML"
        raise ManifestError([Problem(str(file), line, f"invalid YAML: {reason}")]) from None
    if root is None:
        raise ManifestError([Problem(str(file), None, "the manifest is empty")])
    top = reader.mapping(root, "the manifest")
    for key, (key_node, _) in top.items():
        if key not in _TOP | _SECTION_KEYS:
            reader.problem(key_node, f"unknown top-level key {key!r}")
    version = reader.scalar(top["version"][1]) if "version" in top else None
    if version != 1 or isinstance(version, bool):
        reader.problem(top["version"][1] if "version" in top else root, "version must be 1")
    api = reader.scalar(top["api"][1]) if "api" in top else None
    if api not in APIS:
        where = top["api"][1] if "api" in top else root
        reader.problem(where, f"api must be one of {', '.join(APIS)}")
        raise ManifestError(reader.problems)
    assert isinstance(api, str)  # noqa: S101 - narrowed by the membership test above
    objects, lists = SECTIONS[api]
    for key in sorted(_SECTION_KEYS - {objects, lists}):
        if key in top:
            # targets/executions belong to zitadel-v2, actions/bindings to the others.
            users = ", ".join(a for a in APIS if key in SECTIONS[a])
            reader.problem(
                top[key][0], f"{key!r} is for api {users}; api {api} uses {objects}: and {lists}:"
            )
    actions: list[ActionSpec] = []
    if objects in top:
        for _name, (name_node, node) in sorted(reader.mapping(top[objects][1], objects).items()):
            spec = _action(reader, api, name_node, node)
            if spec is not None:
                actions.append(spec)
    renamed = [a for a in actions if a.renamed_from]
    names = {a.name for a in actions}
    for spec in renamed:
        if spec.renamed_from in names:
            reader.problem(
                top[objects][1],
                f"{objects[:-1]} {spec.name!r}: renamed_from {spec.renamed_from!r} is also listed",
            )
    tombstones = {a.name for a in actions if a.delete}
    bindings = _bindings(reader, api, top[lists][1], tombstones) if lists in top else ()
    managed: list[str] = []
    if "managed" in top:
        node = top["managed"][1]
        if not isinstance(node, yaml.SequenceNode):
            reader.problem(node, "managed must be a list of name globs")
        else:
            for item in node.value:
                glob = reader.text(item, "managed: item")
                if glob is not None:
                    managed.append(glob)
    if reader.problems:
        # In file order, so the report reads top to bottom like the manifest.
        raise ManifestError(sorted(reader.problems, key=lambda p: p.line or 0))
    return Manifest(
        path=file, api=api, actions=tuple(actions), bindings=bindings, managed=tuple(managed)
    )


def _auth0_trigger(reader: _Reader, node: yaml.Node, trigger: str, what: str) -> bool:
    """Report a near miss of a known Auth0 trigger id (``post-logn``); whether it is fine.

    The same offline check the Auth0 provider makes before sending (its known ids are the
    members of the public ``TriggerId``), so ``validate`` catches the typo without a tenant; an
    id far from every known one is let through, as Auth0 adds triggers often.
    """
    from actions_sdk import TriggerId  # the public name: no vendor module named here
    from actions_sdk._checks import check_known_spelling
    from actions_sdk.errors import ValidationError

    known = tuple(member.value for member in TriggerId)
    try:
        check_known_spelling(trigger, what, known, what="trigger id")
    except ValidationError as exc:
        reader.problem(node, str(exc))
        return False
    return True


def auth0_trigger_fields(action: ActionSpec | RemoteAction) -> dict[str, Any]:
    """An Auth0 action's trigger, runtime and dependencies in the manifest's terms.

    The same keys whether the action comes from the manifest (a create's changes) or from the
    server (an exported entry); a field that is not set is left out.

    Args:
        action: The manifest's action or the remote one.

    Returns:
        ``trigger`` and, when set, ``trigger_version``, ``runtime``, ``dependencies``.
    """
    fields: dict[str, Any] = {"trigger": action.trigger}
    if action.trigger_version is not None:
        fields["trigger_version"] = action.trigger_version
    if action.runtime is not None:
        fields["runtime"] = action.runtime
    if action.dependencies:
        fields["dependencies"] = dict(action.dependencies)
    return fields
