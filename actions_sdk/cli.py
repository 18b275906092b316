"""The ``actions-sdk`` command line: export, validate, plan, diff and apply an actions manifest.

Installed with the ``[cli]`` extra (click, PyYAML); ``import actions_sdk`` never imports this.
Connection settings come from flags or the same environment variables ``make demo`` reads
(``AUTH0_DOMAIN``, ``AUTH0_TOKEN`` or ``AUTH0_CLIENT_ID`` + ``AUTH0_CLIENT_SECRET``;
``ZITADEL_DOMAIN``, ``ZITADEL_TOKEN``, ``ZITADEL_KEY_FILE`` or ``ZITADEL_CLIENT_ID`` +
``ZITADEL_CLIENT_SECRET``, ``ZITADEL_ORG_ID``). ZITADEL v2 (``api: zitadel-v2``, ``export
--provider zitadel-v2``) takes the same ``ZITADEL_*`` variables, as ``make demo`` does, without
the organization: v2 is instance-wide, so ``ZITADEL_ORG_ID`` is not used and ``--org-id`` is
refused.

Exit status: 0 success (``plan --detailed-exitcode``: no changes), 2 changes
(``--detailed-exitcode`` only), 1 any error, usage errors included.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from actions_sdk import manifest as am
from actions_sdk._retry import RetryPolicy
from actions_sdk.errors import ActionsSDKError
from actions_sdk.manifest._load import SECTIONS

__all__ = ["main"]

_PROVIDERS = {
    "auth0": "auth0",
    "zitadel": "zitadel-v1",
    "zitadel-v1": "zitadel-v1",
    "zitadel-v2": "zitadel-v2",
}


class _Settings:
    """What the commands share: output mode, connection flags, and test hooks."""

    def __init__(self, env: Mapping[str, str], retry_policy: RetryPolicy | None) -> None:
        self.env = env
        self.retry_policy = retry_policy
        self.json = False


def _option_flags(function: Callable[..., Any]) -> Callable[..., Any]:
    """Connection and output options every command that talks to a tenant takes."""
    options = [
        click.option("--json", "as_json", is_flag=True, help="Print JSON (for CI)."),
        click.option("--provider", type=click.Choice(sorted(_PROVIDERS)), help="The vendor API."),
        click.option("--domain", help="Tenant or instance (else AUTH0_DOMAIN / ZITADEL_DOMAIN)."),
        click.option("--token", help="Management token / PAT (else AUTH0_TOKEN / ZITADEL_TOKEN)."),
        click.option("--client-id", help="Client id (else *_CLIENT_ID)."),
        click.option("--client-secret", help="Client secret (else *_CLIENT_SECRET)."),
        click.option(
            "--key-file", help="ZITADEL service-account key file (else ZITADEL_KEY_FILE)."
        ),
        click.option("--org-id", help="ZITADEL v1 organization (else ZITADEL_ORG_ID)."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


@dataclass(frozen=True)
class _Connection:
    """How the CLI builds a client for one vendor: the factory, its variables and flags."""

    factory: str  # the ManagementClient constructor
    prefix: str  # of the environment variables: AUTH0_DOMAIN, ZITADEL_KEY_FILE …
    what: str  # what a domain names, for the "no tenant" message
    credentials: tuple[str, ...]  # flags (and keywords) besides --domain
    fixed: tuple[tuple[str, str], ...] = ()  # keywords always passed: ZITADEL's api="v2"


_AUTH0 = _Connection("for_auth0", "AUTH0", "tenant", ("token", "client_id", "client_secret"))
_ZITADEL_CREDENTIALS = ("token", "key_file", "client_id", "client_secret")
_CONNECTIONS = {
    am.API_AUTH0: _AUTH0,
    am.API_ZITADEL_V1: _Connection(
        "for_zitadel", "ZITADEL", "instance", (*_ZITADEL_CREDENTIALS, "org_id")
    ),
    # The same variables as v1 (one instance serves both APIs); instance-wide, so no org_id.
    am.API_ZITADEL_V2: _Connection(
        "for_zitadel", "ZITADEL", "instance", _ZITADEL_CREDENTIALS, (("api", "v2"),)
    ),
}


def _client(settings: _Settings, api: str, flags: dict[str, Any]) -> Any:
    from actions_sdk import ManagementClient

    env = settings.env
    connection = _CONNECTIONS[api]
    # Refused for v2 only: there it would be a mistake (the targets are instance-wide, and v1's
    # organization does not apply). Auth0 has no organization to pick and ignores the flag, as
    # the CLI always has.
    if flags.get("org_id") and api == am.API_ZITADEL_V2:
        raise click.UsageError(f"--org-id is not for {api}: it is instance-wide")

    def pick(flag: str) -> str | None:
        # A flag wins over its variable (--key-file over ZITADEL_KEY_FILE); empty means unset.
        value = flags.get(flag)
        return value if value else env.get(f"{connection.prefix}_{flag.upper()}") or None

    extra: dict[str, Any] = {}
    if settings.retry_policy is not None:
        extra["retry_policy"] = settings.retry_policy
    domain = pick("domain")
    if not domain:
        raise click.UsageError(
            f"no {connection.what}: set {connection.prefix}_DOMAIN or pass --domain"
        )
    factory = getattr(ManagementClient, connection.factory)
    extra.update(connection.fixed)
    return factory(domain, **{flag: pick(flag) for flag in connection.credentials}, **extra)


def _settings() -> _Settings:
    settings = click.get_current_context().find_object(_Settings)
    assert settings is not None  # noqa: S101 - main() always provides it
    return settings


def _emit_text(text: str) -> None:
    """Print plan text; on a terminal additions are green and removals red.

    click drops the colour codes when the output is not a terminal.
    """
    for line in text.splitlines():
        stripped = line.lstrip()
        colour = None
        if stripped.startswith(("+", "set secret")) and not stripped.startswith("+++"):
            colour = "green"
        elif stripped.startswith(("-", "remove secret")) and not stripped.startswith("---"):
            colour = "red"
        elif stripped[:1].isdigit() and ". ~ " in stripped:
            colour = "yellow"
        click.echo(click.style(line, fg=colour) if colour else line)


def _progress() -> am.Progress:
    """Progress on standard error: one rewritten line on a terminal, plain lines otherwise."""
    tty = sys.stderr.isatty()

    def show(index: int, total: int, step: am.Step, done: bool) -> None:
        label = f"[{index + 1}/{total}] {step.describe()}"
        if tty:
            end = "\n" if done else ""
            status = click.style(" done", fg="green") if done else " ..."
            click.echo(f"\r{label}{status}", nl=bool(end), err=True)
        else:
            click.echo(f"{label} {'done' if done else '...'}", err=True)

    return show


def _why(exc: Exception) -> str:
    """Why a file could not be read, in words (``no such file``), never its content."""
    if isinstance(exc, OSError):
        return exc.strerror.lower() if exc.strerror else type(exc).__name__
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    return "not JSON"


def _load(settings: _Settings, path: str, *, strict: bool = True) -> am.Manifest:
    return am.load(path, env=settings.env, strict=strict)


def _plan(
    settings: _Settings, path: str, flags: dict[str, Any], options: dict[str, Any]
) -> tuple[Any, am.Plan]:
    manifest = _load(settings, path)
    client = _client(settings, manifest.api, flags)
    plan = am.plan(
        client,
        manifest,
        prune=options["prune"],
        include=options["include"],
        exclude=options["exclude"],
        set_secrets=options["set_secrets"],
    )
    return client, plan


def _plan_options(function: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("-f", "--manifest", "path", default="actions.yaml", show_default=True),
        click.option("--prune", is_flag=True, help="Delete owned actions the manifest omits."),
        click.option("--include", multiple=True, help="Only actions matching this glob."),
        click.option("--exclude", multiple=True, help="Leave out actions matching this glob."),
        click.option("--set-secrets", is_flag=True, help="Write every secret value again."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


_CONNECTION = ("provider", "domain", "token", "client_id", "client_secret", "key_file", "org_id")
_PLANNING = ("prune", "include", "exclude", "set_secrets")


def _split(kwargs: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    settings = _settings()
    settings.json = bool(kwargs.pop("as_json", False))
    return (
        {k: kwargs.pop(k) for k in _CONNECTION if k in kwargs},
        {k: kwargs.pop(k) for k in _PLANNING if k in kwargs},
    )


@click.group(
    help="Keep Auth0 / ZITADEL actions (v2: targets and executions) in git: export, validate, "
    "plan, diff, apply."
)
def cli() -> None:
    """The command group."""


@cli.command(help="Check a manifest and its code files; every problem with file and line.")
@click.option("-f", "--manifest", "path", default="actions.yaml", show_default=True)
@click.option("--strict", is_flag=True, help="Also require every ${ENV_VAR} to be set.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (for CI).")
def validate(path: str, strict: bool, as_json: bool) -> int:
    """Validate a manifest."""
    settings = _settings()
    settings.json = as_json
    manifest = _load(settings, path, strict=strict)
    objects = SECTIONS[manifest.api][0]  # actions, or targets on zitadel-v2
    if as_json:
        click.echo(json.dumps({"ok": True, objects: len(manifest.actions)}))
    else:
        click.echo(f"{manifest.path}: valid ({len(manifest.actions)} {objects}, {manifest.api})")
    return 0


@cli.command(help="Write actions.yaml and the code files from the tenant into DIRECTORY.")
@click.argument("directory", type=click.Path(file_okay=False))
@_option_flags
def export(directory: str, **kwargs: Any) -> int:
    """Export the tenant's actions."""
    flags, _ = _split(kwargs)
    settings = _settings()
    provider = flags.get("provider") or (
        "auth0" if settings.env.get("AUTH0_DOMAIN") and not flags.get("domain") else None
    )
    if provider is None and settings.env.get("ZITADEL_DOMAIN"):
        provider = "zitadel"
    if provider is None:
        raise click.UsageError(
            "say which API to export: --provider auth0, zitadel (v1) or zitadel-v2"
        )
    with _client(settings, _PROVIDERS[provider], flags) as client:
        files = am.export(client, directory)
    if settings.json:
        click.echo(json.dumps({"files": [str(f) for f in files]}))
    else:
        count = len(files)
        click.echo(f"wrote {count} file{'' if count == 1 else 's'} to {directory}")
    return 0


@cli.command(help="Show what apply would change; reads only.")
@_plan_options
@_option_flags
@click.option("--out", type=click.Path(dir_okay=False), help="Save the plan (JSON) for apply.")
@click.option(
    "--detailed-exitcode", is_flag=True, help="Exit 0 without changes, 2 with changes, 1 on error."
)
def plan(path: str, out: str | None, detailed_exitcode: bool, **kwargs: Any) -> int:
    """Plan the manifest against the tenant."""
    flags, options = _split(kwargs)
    settings = _settings()
    client, result = _plan(settings, path, flags, options)
    client.close()
    if out:
        Path(out).write_text(result.to_json(), encoding="utf-8")
    if settings.json:
        click.echo(result.to_json(), nl=False)
    else:
        _emit_text(result.render())
        if out:
            click.echo(f"Saved to {out}: apply it with `actions-sdk apply {out}`.")
    return 2 if detailed_exitcode and result.has_changes else 0


@cli.command(help="Show the differences between the manifest and the tenant (like plan).")
@_plan_options
@_option_flags
def diff(path: str, **kwargs: Any) -> int:
    """Print the plan's differences."""
    flags, options = _split(kwargs)
    settings = _settings()
    client, result = _plan(settings, path, flags, options)
    client.close()
    if settings.json:
        click.echo(result.to_json(), nl=False)
    else:
        _emit_text(result.render())
    return 0


@cli.command(help="Apply a saved plan (refused when the tenant changed since), or plan and apply.")
@click.argument("plan_file", required=False, type=click.Path(dir_okay=False))
@click.option("--auto-approve", is_flag=True, help="Plan the manifest and apply it at once.")
@_plan_options
@_option_flags
def apply(plan_file: str | None, auto_approve: bool, path: str, **kwargs: Any) -> int:
    """Apply a plan."""
    flags, options = _split(kwargs)
    settings = _settings()
    if plan_file is not None:
        try:
            data = json.loads(Path(plan_file).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            # Why in words (no such file, not JSON), never the file's content.
            raise click.UsageError(f"cannot read the plan {plan_file}: {_why(exc)}") from None
        saved = am.Plan.from_dict(data)
        client = _client(settings, saved.api, flags)  # the plan says which API
    elif auto_approve:
        client, saved = _plan(settings, path, flags, options)
    else:
        raise click.UsageError(
            "give a saved plan (actions-sdk plan --out plan.json) or --auto-approve"
        )
    with client:
        try:
            report = am.apply(client, saved, env=settings.env, progress=_progress())
        except am.ApplyError as exc:
            _report(settings, exc.report)
            return 1
    _report(settings, report)
    return 0


def _report(settings: _Settings, report: am.ApplyReport) -> None:
    if settings.json:
        click.echo(
            json.dumps(
                {
                    "ok": report.ok,
                    "done": [s.describe() for s in report.done],
                    "failed": None if report.failed is None else report.failed.describe(),
                    "not_done": [s.describe() for s in report.not_done],
                    "error": report.error,
                },
                sort_keys=True,
            )
        )
    else:
        click.echo(report.render(), nl=False)


def main(
    argv: Sequence[str] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    retry_policy: RetryPolicy | None = None,
) -> int:
    """Run the command line and return its exit status (never raises for a failed command).

    Args:
        argv: The arguments (default: ``sys.argv[1:]``).
        env: The environment (default: ``os.environ``): connection variables and secret values.
        retry_policy: The client's retry policy (embedding and tests; default: the SDK's).

    Returns:
        0, 2 (``plan --detailed-exitcode`` with changes) or 1 (any error).
    """
    settings = _Settings(os.environ if env is None else env, retry_policy)
    try:
        result = cli.main(
            args=list(sys.argv[1:] if argv is None else argv),
            prog_name="actions-sdk",
            standalone_mode=False,
            obj=settings,
        )
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return 1
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 1
    except ActionsSDKError as exc:
        if settings.json:
            click.echo(json.dumps({"error": str(exc), "type": type(exc).__name__}))
        else:
            click.echo(click.style(f"error: {exc}", fg="red"), err=True)
        return 1
    return int(result) if isinstance(result, int) else 0


if __name__ == "__main__":
    raise SystemExit(main())
