#!/usr/bin/env python3
"""The fake Authentik's property-mapping evaluator: Authentik's BaseEvaluator, in real Python.

Reads one JSON request on stdin and writes one JSON answer on stdout.

  {"validate": "<expression>", "filename": "None"}
      -> {"ok": true} | {"error": "Expression Syntax Error: ..."}
  {"evaluate": [{"name": ..., "expression": ...}], "context": {...}}
      -> {"results": [{"value": ...} | {"error": ...}], "claims": {...}, "logs": [...]}

As authentik.lib.expression.evaluator.BaseEvaluator: the expression is the body of
`def handler(<context names>):`, compiled with the mapping's name as filename and run with
exec(code, globals, locals). `claims` is UserInfoView.get_claims: every dict result
deep-merged in order with deepmerge's always_merger. Standard library only.
"""

import json
import re
import sys
import traceback
import unicodedata
from datetime import date, datetime
from ipaddress import ip_address, ip_network
from textwrap import indent
from uuid import UUID

ARG_SANITIZE = re.compile(r"[:.-]")


def slugify(value, allow_unicode=False):
    """django.utils.text.slugify"""
    value = str(value)
    if allow_unicode:
        value = unicodedata.normalize("NFKC", value)
    else:
        value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value.lower())
    return re.sub(r"[-\s]+", "-", value).strip("-_")


def sanitize_arg(arg_name):
    return re.sub(ARG_SANITIZE, "_", slugify(arg_name))


def wrap_expression(expression, names):
    """BaseEvaluator.wrap_expression"""
    handler_signature = ",".join([x for x in [sanitize_arg(x) for x in names] if x])
    full_expression = ""
    full_expression += f"def handler({handler_signature}):\n"
    full_expression += indent(expression, "    ")
    full_expression += f"\nresult = handler({handler_signature})"
    return full_expression


# --- Django-ish models ------------------------------------------------------------------------


class FieldError(Exception):
    """django.core.exceptions.FieldError"""


class ObjectDoesNotExist(Exception):
    """django.core.exceptions.ObjectDoesNotExist"""


class MultipleObjectsReturned(Exception):
    """django.core.exceptions.MultipleObjectsReturned"""


LOOKUPS = {
    "exact": lambda value, arg: value == arg,
    "iexact": lambda value, arg: value is not None and str(value).lower() == str(arg).lower(),
    "in": lambda value, arg: value in arg,
    "contains": lambda value, arg: value is not None and arg in value,
    "icontains": lambda value, arg: value is not None and str(arg).lower() in str(value).lower(),
    "startswith": lambda value, arg: isinstance(value, str) and value.startswith(arg),
    "istartswith": lambda value, arg: isinstance(value, str) and value.lower().startswith(str(arg).lower()),
    "endswith": lambda value, arg: isinstance(value, str) and value.endswith(arg),
    "iendswith": lambda value, arg: isinstance(value, str) and value.lower().endswith(str(arg).lower()),
    "regex": lambda value, arg: isinstance(value, str) and re.search(arg, value) is not None,
    "iregex": lambda value, arg: isinstance(value, str) and re.search(arg, value, re.I) is not None,
    "isnull": lambda value, arg: (value is None) == bool(arg),
    "gt": lambda value, arg: value is not None and value > arg,
    "gte": lambda value, arg: value is not None and value >= arg,
    "lt": lambda value, arg: value is not None and value < arg,
    "lte": lambda value, arg: value is not None and value <= arg,
}

MISSING = object()


def _field(obj, name):
    if isinstance(obj, dict):
        return obj.get(name, MISSING)
    if isinstance(obj, Model):
        if name not in obj.FIELDS:
            raise FieldError(f"Cannot resolve keyword '{name}' into field. Choices are: {', '.join(obj.FIELDS)}")
        return getattr(obj, name)
    return getattr(obj, name, MISSING)


def _matches(obj, parts, arg):
    """One `field__field__lookup=value` filter, following relations (any match) and JSON keys."""
    if isinstance(obj, QuerySet):
        return any(_matches(item, parts, arg) for item in obj)
    if not parts:
        return obj == arg or (isinstance(obj, Model) and obj.pk == arg)
    name, rest = parts[0], parts[1:]
    is_key = (isinstance(obj, dict) and name in obj) or (isinstance(obj, Model) and name in obj.FIELDS)
    if not rest and name in LOOKUPS and not is_key:
        return LOOKUPS[name](obj, arg)
    value = _field(obj, name)
    if value is MISSING:
        return rest == ["isnull"] and bool(arg)
    return _matches(value, rest, arg)


class QuerySet:
    """The part of Django's QuerySet an expression usually uses, over a list."""

    def __init__(self, items):
        self._items = list(items)

    def all(self):
        return QuerySet(self._items)

    def filter(self, *args, **filters):
        if args:
            raise NotImplementedError("Q objects are not supported by the fake Authentik's evaluator")
        items = self._items
        for key, arg in filters.items():
            parts = key.split("__")
            items = [item for item in items if _matches(item, parts, arg)]
        return QuerySet(items)

    def exclude(self, **filters):
        kept = self.filter(**filters)._items
        return QuerySet(item for item in self._items if item not in kept)

    def get(self, **filters):
        found = self.filter(**filters)._items
        if not found:
            raise ObjectDoesNotExist("matching query does not exist.")
        if len(found) > 1:
            raise MultipleObjectsReturned(f"get() returned more than one object -- it returned {len(found)}!")
        return found[0]

    def exists(self):
        return bool(self._items)

    def count(self):
        return len(self._items)

    def first(self):
        return self._items[0] if self._items else None

    def last(self):
        return self._items[-1] if self._items else None

    def order_by(self, *fields):
        items = list(self._items)
        for field in reversed(fields):
            reverse = field.startswith("-")
            name = field.lstrip("-")
            items.sort(key=lambda item: _field(item, name), reverse=reverse)
        return QuerySet(items)

    def values_list(self, *fields, flat=False):
        if flat:
            if len(fields) != 1:
                raise TypeError("'flat' is not valid when values_list is called with more than one field.")
            return [_field(item, fields[0]) for item in self._items]
        return [tuple(_field(item, field) for field in fields) for item in self._items]

    def values(self, *fields):
        return [{field: _field(item, field) for field in fields} for item in self._items]

    def __iter__(self):
        return iter(self._items)

    def __len__(self):
        return len(self._items)

    def __bool__(self):
        return bool(self._items)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return QuerySet(self._items[index])
        return self._items[index]

    def __repr__(self):
        return f"<QuerySet {self._items!r}>"


class Model:
    FIELDS = ()


class Group(Model):
    """authentik.core.models.Group"""

    FIELDS = ("pk", "group_uuid", "num_pk", "name", "is_superuser", "attributes", "parent", "parents")

    def __init__(self, data, registry):
        self._registry = registry
        self.pk = data["pk"]
        self.group_uuid = data["pk"]
        self.num_pk = data.get("num_pk")
        self.name = data["name"]
        self.is_superuser = bool(data.get("is_superuser"))
        self.attributes = data.get("attributes") or {}
        self._parents = data.get("parents") or []

    @property
    def parents(self):
        return QuerySet(self._registry.groups[pk] for pk in self._parents if pk in self._registry.groups)

    @property
    def parent(self):
        return self.parents.first()

    def ancestors(self):
        seen, queue = [], list(self.parents)
        while queue:
            group = queue.pop(0)
            if group in seen:
                continue
            seen.append(group)
            queue.extend(group.parents)
        return seen

    def __str__(self):
        return f"Group {self.name}"

    def __repr__(self):
        return f"<Group: {self}>"


class User(Model):
    """authentik.core.models.User"""

    FIELDS = (
        "pk",
        "id",
        "uuid",
        "username",
        "name",
        "email",
        "is_active",
        "attributes",
        "path",
        "type",
        "groups",
        "ak_groups",
    )

    def __init__(self, data, registry):
        self._registry = registry
        self.pk = data.get("pk")
        self.id = self.pk
        self.uuid = UUID(data["uuid"]) if data.get("uuid") else None
        self.uid = data.get("uid", "")
        self.username = data.get("username", "")
        self.name = data.get("name", "")
        self.email = data.get("email", "")
        self.is_active = bool(data.get("is_active", True))
        self.attributes = data.get("attributes") or {}
        self.path = data.get("path", "users")
        self.type = data.get("type", "internal")
        self._groups = data.get("groups") or []

    @property
    def groups(self):
        return QuerySet(self._registry.groups[pk] for pk in self._groups if pk in self._registry.groups)

    ak_groups = groups

    def all_groups(self):
        """User.all_groups: the user's groups and all their ancestors."""
        found = []
        for group in self.groups:
            for candidate in [group, *group.ancestors()]:
                if candidate not in found:
                    found.append(candidate)
        return QuerySet(found)

    @property
    def is_superuser(self):
        return any(group.is_superuser for group in self.all_groups())

    @property
    def is_anonymous(self):
        return self.username == "AnonymousUser"

    @property
    def is_authenticated(self):
        return not self.is_anonymous

    def get_username(self):
        return self.username

    def __str__(self):
        return self.username

    def __repr__(self):
        return f"<User: {self}>"


class Application(Model):
    FIELDS = ("pk", "name", "slug", "group", "meta_launch_url")

    def __init__(self, data):
        self.pk = data.get("pk")
        self.name = data.get("name", "")
        self.slug = data.get("slug", "")
        self.group = data.get("group", "")
        self.meta_launch_url = data.get("meta_launch_url", "")

    def __str__(self):
        return self.name


class OAuth2Provider(Model):
    """authentik.providers.oauth2.models.OAuth2Provider, its plain fields."""

    FIELDS = (
        "pk",
        "name",
        "client_type",
        "client_id",
        "client_secret",
        "sub_mode",
        "issuer_mode",
        "include_claims_in_id_token",
        "application",
    )

    def __init__(self, data):
        self.pk = data.get("pk")
        self.id = self.pk
        self.name = data.get("name", "")
        self.client_type = data.get("client_type", "confidential")
        self.client_id = data.get("client_id", "")
        self.client_secret = data.get("client_secret", "")
        self.sub_mode = data.get("sub_mode", "hashed_user_id")
        self.issuer_mode = data.get("issuer_mode", "per_provider")
        self.include_claims_in_id_token = bool(data.get("include_claims_in_id_token", True))
        self.application = Application(data["application"]) if data.get("application") else None

    def __str__(self):
        return self.name


class Token:
    """The grant (AccessToken / RefreshToken / AuthorizationCode) being answered for."""

    def __init__(self, data, user, provider):
        self.scope = list(data.get("scope") or [])
        self.user = user
        self.provider = provider

    def __repr__(self):
        return f"<Token scope={self.scope!r}>"


class HttpRequest:
    """A stand-in for the Django HttpRequest of the token or userinfo endpoint."""

    def __init__(self, data, user):
        data = data or {}
        self.path = data.get("path", "/")
        self.method = data.get("method", "GET")
        self.headers = data.get("headers") or {}
        self.GET = data.get("query") or {}
        self.POST = {}
        self.META = {"REMOTE_ADDR": data.get("client_ip") or "127.0.0.1"}
        if "user-agent" in self.headers:
            self.META["HTTP_USER_AGENT"] = self.headers["user-agent"]
        self.user = user


class PolicyRequest:
    """authentik.policies.types.PolicyRequest"""

    def __init__(self, user):
        self.user = user
        self.http_request = None
        self.obj = None
        self.context = {}
        self.debug = False

    def __str__(self):
        return f"<PolicyRequest user={self.user}>"


class Registry:
    def __init__(self, context):
        self.groups = {}
        for data in context.get("groups") or []:
            self.groups[data["pk"]] = Group(data, self)
        self.users = [User(data, self) for data in context.get("users") or []]


class Logger:
    """A structlog BoundLogger: what ak_logger logs is handed back to the fake."""

    def __init__(self, name, logs, bound=None):
        self._name = name
        self._logs = logs
        self._bound = bound or {}

    def bind(self, **kwargs):
        return Logger(self._name, self._logs, {**self._bound, **kwargs})

    def _log(self, level, event=None, *args, **kwargs):
        self._logs.append({"logger": self._name, "level": level, "event": str(event), **_jsonable({**self._bound, **kwargs})})

    def debug(self, event=None, *args, **kwargs):
        self._log("debug", event, *args, **kwargs)

    def info(self, event=None, *args, **kwargs):
        self._log("info", event, *args, **kwargs)

    msg = info

    def warning(self, event=None, *args, **kwargs):
        self._log("warning", event, *args, **kwargs)

    warn = warning

    def error(self, event=None, *args, **kwargs):
        self._log("error", event, *args, **kwargs)

    def exception(self, event=None, *args, **kwargs):
        self._log("error", event, *args, **kwargs)

    def critical(self, event=None, *args, **kwargs):
        self._log("critical", event, *args, **kwargs)


def _not_implemented(name):
    def function(*args, **kwargs):
        raise NotImplementedError(f"{name} is not available in the fake Authentik's expression evaluator")

    function.__name__ = name
    return function


class _NoRequests:
    def __getattr__(self, name):
        raise NotImplementedError("requests is not available in the fake Authentik's expression evaluator")


def expr_flatten(value):
    if isinstance(value, list):
        if len(value) < 1:
            return None
        return value[0]
    return value


def expr_regex_match(value, regex):
    return re.search(regex, value) is not None


def expr_regex_replace(value, regex, repl):
    return re.sub(regex, repl, value)


def expr_is_group_member(user, **group_filters):
    return user.all_groups().filter(**group_filters).exists()


def make_globals(registry, filename, logs):
    def expr_user_by(**filters):
        try:
            users = QuerySet(registry.users).filter(**filters)
            if users:
                return users.first()
            return None
        except FieldError:
            return None

    return {
        "ak_call_policy": _not_implemented("ak_call_policy"),
        "ak_create_event": _not_implemented("ak_create_event"),
        "ak_create_jwt": _not_implemented("ak_create_jwt"),
        "ak_create_jwt_raw": _not_implemented("ak_create_jwt_raw"),
        "ak_is_group_member": expr_is_group_member,
        "ak_logger": Logger(filename, logs),
        "ak_send_email": _not_implemented("ak_send_email"),
        "ak_user_by": expr_user_by,
        "ak_user_has_authenticator": _not_implemented("ak_user_has_authenticator"),
        "ip_address": ip_address,
        "ip_network": ip_network,
        "list_flatten": expr_flatten,
        "regex_match": expr_regex_match,
        "regex_replace": expr_regex_replace,
        "requests": _NoRequests(),
        "resolve_dns": _not_implemented("resolve_dns"),
        "reverse_dns": _not_implemented("reverse_dns"),
        "slugify": slugify,
    }


# --- deepmerge's always_merger ---------------------------------------------------------------


def always_merge(base, nxt):
    """deepmerge.always_merger.merge: dicts merged, lists appended, sets unioned, else override."""
    if isinstance(base, dict) and isinstance(nxt, dict):
        for key, value in nxt.items():
            base[key] = always_merge(base[key], value) if key in base else value
        return base
    if isinstance(base, list) and isinstance(nxt, list):
        return base + nxt
    if isinstance(base, set) and isinstance(nxt, set):
        return base | nxt
    return nxt


def _jsonable(value):
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, QuerySet)):
        return [_jsonable(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return [_jsonable(item) for item in sorted(value, key=repr)]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


def exception_to_string(exc):
    """authentik.lib.utils.errors.exception_to_string, without this script's own frames."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(exc), exc, tb))


# --- entry points ----------------------------------------------------------------------------


def validate(expression, filename):
    """BaseEvaluator.validate for PropertyMappingSerializer: the context is only `request`."""
    try:
        compile(wrap_expression(expression, ["request"]), filename, "exec")
        return {"ok": True}
    except (ValueError, SyntaxError) as exc:
        return {"error": f"Expression Syntax Error: {str(exc)}"}


def evaluate(mappings, context):
    registry = Registry(context)
    user_pk = context.get("user")
    if user_pk is None:
        user = User(context.get("anonymous_user") or {"pk": None, "username": "AnonymousUser"}, registry)
    else:
        user = next((candidate for candidate in registry.users if candidate.pk == user_pk), None)
        if user is None:
            raise ValueError(f"user {user_pk} is not in the context's users")
    provider = OAuth2Provider(context["provider"]) if context.get("provider") else None
    logs = []
    results = []
    claims = {}
    for mapping in mappings:
        name = mapping["name"]
        # PropertyMappingEvaluator(mapping, user, request, **kwargs): user, request, then the kwargs.
        req = PolicyRequest(user)
        req.obj = name
        req.http_request = HttpRequest(context.get("http_request"), user)
        local_context = {"user": user, "request": req}
        kwargs = {}
        if "provider" in context:
            kwargs["provider"] = provider
        if context.get("token") is not None:
            kwargs["token"] = Token(context["token"], user, provider)
        req.context.update(**kwargs)
        local_context.update(**kwargs)
        try:
            code = compile(wrap_expression(mapping["expression"], local_context.keys()), name, "exec")
            _locals = {sanitize_arg(key): value for key, value in local_context.items()}
            exec(code, make_globals(registry, name, logs), _locals)  # noqa: S102 - it is the point
            value = _locals["result"]
        except Exception as exc:  # noqa: BLE001 - Authentik catches everything here too
            results.append({"error": exception_to_string(exc), "message": f"{type(exc).__name__}: {exc}"})
            continue
        results.append({"value": _jsonable(value)})
        if isinstance(value, dict):
            claims = always_merge(claims, value)
    return {"results": results, "claims": _jsonable(claims), "logs": logs}


def main():
    request = json.loads(sys.stdin.read())
    if "validate" in request:
        answer = validate(request["validate"], request.get("filename", "None"))
    else:
        answer = evaluate(request["evaluate"], request.get("context") or {})
    sys.stdout.write(json.dumps(answer))


if __name__ == "__main__":
    main()
