# argparse for gilscope, written for this project from the documented behaviour of
# Python 3.11's argparse: ArgumentParser with positional and optional arguments (nargs,
# type, default, choices, required, dest, const, metavar), the actions store,
# store_const, store_true, store_false, append, append_const, count, help and version,
# argument groups, mutually exclusive groups and subparsers; Namespace; the usage line,
# a help text laid out as CPython's HelpFormatter lays out the common cases, and
# CPython's error messages (printed to stderr with the usage, exit status 2).

import sys

__all__ = ["ArgumentParser", "Namespace", "Action", "ArgumentError",
           "ArgumentTypeError", "FileType", "HelpFormatter", "SUPPRESS", "OPTIONAL",
           "ZERO_OR_MORE", "ONE_OR_MORE", "REMAINDER", "PARSER",
           "BooleanOptionalAction"]

SUPPRESS = "==SUPPRESS=="
# The width CPython's help formatter lays text out in: the terminal's 80 columns less 2.
_WIDTH = 78


def _set_all(obj, **values):
    """Sets each keyword as an attribute of `obj`."""
    for name, value in values.items():
        setattr(obj, name, value)
OPTIONAL = "?"
ZERO_OR_MORE = "*"
ONE_OR_MORE = "+"
PARSER = "A..."
REMAINDER = "..."


class Namespace:
    def __init__(self, **kwargs):
        for name, value in kwargs.items():
            setattr(self, name, value)

    def __repr__(self):
        shown = []
        for name, value in vars(self).items():
            if name.isidentifier():
                shown.append("%s=%r" % (name, value))
            else:
                shown.append("**{%r: %r}" % (name, value))
        return "Namespace(" + ", ".join(shown) + ")"

    def __eq__(self, other):
        if not isinstance(other, Namespace):
            return NotImplemented
        return vars(self) == vars(other)

    def __contains__(self, key):
        return key in vars(self)


class ArgumentError(Exception):
    def __init__(self, argument, message):
        self.argument_name = None if argument is None else _display(argument)
        self.message = message

    def __str__(self):
        if self.argument_name is None:
            return self.message
        return "argument %s: %s" % (self.argument_name, self.message)


class ArgumentTypeError(Exception):
    pass


class HelpFormatter:
    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None):
        self._prog = prog


class RawDescriptionHelpFormatter(HelpFormatter):
    pass


class RawTextHelpFormatter(RawDescriptionHelpFormatter):
    pass


class ArgumentDefaultsHelpFormatter(HelpFormatter):
    pass


def _display(action):
    if action.option_strings:
        return "/".join(action.option_strings)
    if action.metavar not in (None, SUPPRESS):
        return action.metavar
    if action.dest not in (None, SUPPRESS):
        return action.dest
    return None


class Action:
    def __init__(self, option_strings, dest, nargs=None, const=None, default=None,
                 type=None, choices=None, required=False, help=None, metavar=None):
        _set_all(self, option_strings=option_strings, dest=dest, nargs=nargs,
                 const=const, default=default, type=type, choices=choices,
                 required=required, help=help, metavar=metavar)

    def __call__(self, parser, namespace, values, option_string=None):
        raise NotImplementedError(".__call__() not defined")


class _Store(Action):
    def __call__(self, parser, namespace, values, option_string=None):
        setattr(namespace, self.dest, values)


class _StoreConst(Action):
    def __init__(self, option_strings, dest, const=None, default=None, required=False,
                 help=None, metavar=None):
        super().__init__(option_strings, dest, nargs=0, const=const, default=default,
                         required=required, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        setattr(namespace, self.dest, self.const)


class _StoreTrue(_StoreConst):
    def __init__(self, option_strings, dest, default=False, required=False, help=None):
        super().__init__(option_strings, dest, True, default, required, help)


class _StoreFalse(_StoreConst):
    def __init__(self, option_strings, dest, default=True, required=False, help=None):
        super().__init__(option_strings, dest, False, default, required, help)


class _Append(Action):
    def __call__(self, parser, namespace, values, option_string=None):
        items = list(getattr(namespace, self.dest, None) or [])
        items.append(values)
        setattr(namespace, self.dest, items)


class _AppendConst(_StoreConst):
    def __call__(self, parser, namespace, values, option_string=None):
        items = list(getattr(namespace, self.dest, None) or [])
        items.append(self.const)
        setattr(namespace, self.dest, items)


class _Count(Action):
    def __init__(self, option_strings, dest, default=None, required=False, help=None):
        super().__init__(option_strings, dest, nargs=0, default=default,
                         required=required, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        so_far = getattr(namespace, self.dest, None)
        setattr(namespace, self.dest, (so_far or 0) + 1)


class _Help(Action):
    def __init__(self, option_strings, dest=SUPPRESS, default=SUPPRESS, help=None):
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        parser.print_help()
        parser.exit()


class _Version(Action):
    def __init__(self, option_strings, version=None, dest=SUPPRESS, default=SUPPRESS,
                 help="show program's version number and exit"):
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)
        self.version = version

    def __call__(self, parser, namespace, values, option_string=None):
        text = self.version.replace("%(prog)s", parser.prog)
        sys.stdout.write(text + "\n")
        parser.exit()


class BooleanOptionalAction(Action):
    def __init__(self, option_strings, dest, default=None, type=None, choices=None,
                 required=False, help=None, metavar=None):
        names = []
        for opt in option_strings:
            names.append(opt)
            if opt.startswith("--"):
                names.append("--no-" + opt[2:])
        super().__init__(names, dest, nargs=0, default=default, required=required,
                         help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        setattr(namespace, self.dest, not option_string.startswith("--no-"))


class _SubParsers(Action):
    def __init__(self, option_strings, prog, parser_class, dest=SUPPRESS, required=False,
                 help=None, metavar=None):
        super().__init__(option_strings, dest, nargs=PARSER, choices={},
                         required=required, help=help, metavar=metavar)
        self._prog_prefix = prog
        self._parser_class = parser_class

    def add_parser(self, name, **kwargs):
        kwargs.setdefault("prog", "%s %s" % (self._prog_prefix, name))
        kwargs.pop("help", None)
        aliases = kwargs.pop("aliases", ())
        parser = self._parser_class(**kwargs)
        self.choices[name] = parser
        for alias in aliases:
            self.choices[alias] = parser
        return parser

    def __call__(self, parser, namespace, values, option_string=None):
        name, rest = values[0], values[1:]
        if self.dest is not SUPPRESS:
            setattr(namespace, self.dest, name)
        sub = self.choices.get(name)
        if sub is None:
            names = ", ".join(repr(n) for n in self.choices)
            raise ArgumentError(self, "invalid choice: %r (choose from %s)" % (name, names))
        sub_ns, extras = sub.parse_known_args(rest, None)
        for key, value in vars(sub_ns).items():
            setattr(namespace, key, value)
        parser._extras.extend(extras)


_ACTIONS = {
    None: _Store, "store": _Store, "store_const": _StoreConst, "store_true": _StoreTrue,
    "store_false": _StoreFalse, "append": _Append, "append_const": _AppendConst,
    "count": _Count, "help": _Help, "version": _Version, "parsers": _SubParsers,
}


class _Group:
    def __init__(self, container, title=None, description=None, required=False,
                 exclusive=False):
        _set_all(self, _container=container, title=title, description=description,
                 required=required)
        self._exclusive = exclusive
        self._group_actions = []

    def add_argument(self, *args, **kwargs):
        action = self._container.add_argument(*args, **kwargs)
        self._group_actions.append(action)
        if self._exclusive:
            self._container._exclusive.append(self)
            self._container._exclusive = list(dict.fromkeys(self._container._exclusive))
        return action

    def add_mutually_exclusive_group(self, required=False):
        return self._container.add_mutually_exclusive_group(required=required)


class ArgumentParser:
    def __init__(self, prog=None, usage=None, description=None, epilog=None, parents=(),
                 formatter_class=HelpFormatter, prefix_chars="-", fromfile_prefix_chars=None,
                 argument_default=None, conflict_handler="error", add_help=True,
                 allow_abbrev=True, exit_on_error=True):
        if prog is None:
            prog = sys.argv[0].rsplit("/", 1)[-1] if sys.argv and sys.argv[0] else "python"
        _set_all(self, prog=prog, usage=usage, description=description, epilog=epilog,
                 formatter_class=formatter_class, prefix_chars=prefix_chars,
                 argument_default=argument_default, allow_abbrev=allow_abbrev,
                 exit_on_error=exit_on_error)
        self._actions = []
        self._groups = []
        self._exclusive = []
        self._defaults = {}
        self._subparsers = None
        self._extras = []
        if add_help:
            self.add_argument("-h", "--help", action="help",
                              help="show this help message and exit")
        for parent in parents:
            for action in parent._actions:
                if not isinstance(action, _Help):
                    self._actions.append(action)
            self._defaults.update(parent._defaults)

    # -- building --

    def _is_option(self, text):
        return bool(text) and text[0] in self.prefix_chars

    def add_argument(self, *names, **kwargs):
        if not names or not self._is_option(names[0]):
            if len(names) > 1:
                raise ValueError("invalid option string %r: must start with a character %r"
                                 % (names[1], self.prefix_chars))
            if "dest" in kwargs and names:
                raise ValueError("dest supplied twice for positional argument")
            dest = names[0] if names else kwargs.pop("dest")
            option_strings = []
            if kwargs.get("nargs") in (None, ONE_OR_MORE) or isinstance(kwargs.get("nargs"), int):
                kwargs.setdefault("required", True)
            if kwargs.get("nargs") in (OPTIONAL, ZERO_OR_MORE):
                kwargs.setdefault("required", False)
        else:
            option_strings = list(names)
            dest = kwargs.pop("dest", None)
            if dest is None:
                longs = [n for n in names if len(n) > 2 and n[1] in self.prefix_chars]
                dest = (longs or list(names))[0].lstrip(self.prefix_chars).replace("-", "_")
        kind = kwargs.pop("action", None)
        cls = _ACTIONS.get(kind, kind) if not isinstance(kind, type) else kind
        if cls is None:
            raise ValueError("unknown action %r" % (kind,))
        if "default" not in kwargs:
            if dest in self._defaults:
                kwargs["default"] = self._defaults[dest]
            elif self.argument_default is not None:
                kwargs["default"] = self.argument_default
        action = cls(option_strings, dest=dest, **kwargs)
        if action.type is not None and not callable(action.type):
            raise ValueError("%r is not callable" % (action.type,))
        self._actions.append(action)
        return action

    def add_argument_group(self, title=None, description=None):
        group = _Group(self, title, description)
        self._groups.append(group)
        return group

    def add_mutually_exclusive_group(self, required=False):
        group = _Group(self, required=required, exclusive=True)
        self._exclusive.append(group)
        return group

    def add_subparsers(self, **kwargs):
        if self._subparsers is not None:
            self.error("cannot have multiple subparser arguments")
        title = kwargs.pop("title", None)
        kwargs.pop("description", None)
        kwargs.setdefault("parser_class", type(self))
        positionals = [a for a in self._actions if not a.option_strings]
        prefix = " ".join([self.prog] + [_metavar(a) for a in positionals])
        action = _SubParsers([], prog=kwargs.pop("prog", prefix), **kwargs)
        self._actions.append(action)
        self._subparsers = action
        return action

    def set_defaults(self, **kwargs):
        self._defaults.update(kwargs)
        for a in self._actions:
            if a.dest in kwargs:
                a.default = kwargs[a.dest]

    def get_default(self, dest):
        for a in self._actions:
            if a.dest == dest and a.default is not None:
                return a.default
        return self._defaults.get(dest)

    # -- parsing --

    def parse_args(self, args=None, namespace=None):
        namespace, extras = self.parse_known_args(args, namespace)
        if extras:
            self.error("unrecognized arguments: %s" % " ".join(extras))
        return namespace

    def parse_known_args(self, args=None, namespace=None):
        args = list(sys.argv[1:] if args is None else args)
        namespace = Namespace() if namespace is None else namespace
        for a in self._actions:
            if a.dest is not SUPPRESS and not hasattr(namespace, a.dest) \
                    and a.default is not SUPPRESS:
                setattr(namespace, a.dest, a.default)
        for dest, value in self._defaults.items():
            if not hasattr(namespace, dest):
                setattr(namespace, dest, value)
        self._extras = []
        try:
            self._parse(args, namespace)
        except ArgumentError as err:
            if not self.exit_on_error:
                raise
            self.error(str(err))
        return namespace, self._extras

    def _option(self, text):
        """(action, attached value) of an option string, allowing abbreviations."""
        name, eq, attached = text.partition("=")
        for a in self._actions:
            if text in a.option_strings:
                return a, None
            if eq and name in a.option_strings:
                return a, attached
        if len(text) > 2 and text[1] not in self.prefix_chars:
            for a in self._actions:
                if text[:2] in a.option_strings:
                    return a, text[2:]
        if self.allow_abbrev and text.startswith("--"):
            hits = [(a, o) for a in self._actions for o in a.option_strings
                    if o.startswith(name)]
            if len(hits) == 1:
                return hits[0][0], attached if eq else None
            if len(hits) > 1:
                names = ", ".join(o for _, o in hits)
                raise ArgumentError(None, "ambiguous option: %s could match %s"
                                    % (name, names))
        return None, None

    def _parse(self, args, namespace):
        positionals = [a for a in self._actions if not a.option_strings]
        seen = set()
        loose = []
        i = 0
        rest_are_positional = False
        while i < len(args):
            text = args[i]
            if rest_are_positional or not self._is_option(text) or text == "-" \
                    or _is_negative_number(text) and not self._has_negative_options():
                loose.append(text)
                i += 1
                if self._subparsers is not None and self._subparser_due(loose, positionals):
                    loose.extend(args[i:])
                    break
                continue
            if text == "--":
                rest_are_positional = True
                i += 1
                continue
            action, attached = self._option(text)
            if action is None:
                self._extras.append(text)
                i += 1
                continue
            i += 1
            if action.nargs == 0:
                if attached is not None:
                    raise ArgumentError(action, "ignored explicit argument %r" % attached)
                values = None
            elif attached is not None:
                values = self._convert(action, [attached])
            else:
                taken = []
                while i < len(args) and not (self._is_option(args[i]) and args[i] != "-"
                                             and not _is_negative_number(args[i])):
                    if action.nargs in (None, OPTIONAL) and len(taken) == 1:
                        break
                    if isinstance(action.nargs, int) and len(taken) == action.nargs:
                        break
                    taken.append(args[i])
                    i += 1
                values = self._take(action, taken)
            self._conflicts(action, seen)
            seen.add(action)
            action(self, namespace, values, text.partition("=")[0])
        self._assign(positionals, loose, namespace, seen)
        missing = [_display(a) for a in self._actions
                   if a.required and a not in seen]
        if missing:
            raise ArgumentError(None, "the following arguments are required: %s"
                                % ", ".join(missing))
        for group in self._exclusive:
            if group.required and not any(a in seen for a in group._group_actions):
                names = " ".join(_display(a) for a in group._group_actions
                                 if a.help is not SUPPRESS)
                raise ArgumentError(None, "one of the arguments %s is required" % names)
        for a in self._actions:
            if a not in seen and isinstance(a.default, str) \
                    and a.type is not None and a.dest is not SUPPRESS \
                    and getattr(namespace, a.dest, None) is a.default:
                setattr(namespace, a.dest, self._one(a, a.default))

    def _has_negative_options(self):
        return any(_is_negative_number(o) for a in self._actions for o in a.option_strings)

    def _subparser_due(self, loose, positionals):
        before = positionals[:positionals.index(self._subparsers)]
        return len(loose) > sum(_least(a) for a in before) and len(loose) >= len(before) + 1

    def _conflicts(self, action, seen):
        for group in self._exclusive:
            if action in group._group_actions:
                for other in group._group_actions:
                    if other in seen and other is not action:
                        raise ArgumentError(action, "not allowed with argument %s"
                                            % _display(other))

    def _take(self, action, taken):
        n = action.nargs
        if n is None and not taken:
            raise ArgumentError(action, "expected one argument")
        if n == OPTIONAL and not taken:
            return action.const
        if n == ONE_OR_MORE and not taken:
            raise ArgumentError(action, "expected at least one argument")
        if isinstance(n, int) and len(taken) != n:
            raise ArgumentError(action, "expected %d argument%s" % (n, "" if n == 1 else "s"))
        return self._convert(action, taken) if n in (None, OPTIONAL) else \
            [self._one(action, t) for t in taken]

    def _convert(self, action, texts):
        if action.nargs in (None, OPTIONAL):
            return self._one(action, texts[0])
        return [self._one(action, t) for t in texts]

    def _one(self, action, text):
        value = text
        if action.type is not None:
            try:
                value = action.type(text)
            except ArgumentTypeError as e:
                raise ArgumentError(action, str(e))
            except (TypeError, ValueError):
                name = getattr(action.type, "__name__", repr(action.type))
                raise ArgumentError(action, "invalid %s value: %r" % (name, text))
        if action.choices is not None and not isinstance(action, _SubParsers) \
                and value not in action.choices:
            names = ", ".join(map(repr, action.choices))
            raise ArgumentError(action, "invalid choice: %r (choose from %s)"
                                % (value, names))
        return value

    def _assign(self, positionals, loose, namespace, seen):
        # Each positional takes what its nargs allows, leaving the least the ones after
        # it need.
        for k, action in enumerate(positionals):
            later = sum(_least(a) for a in positionals[k + 1:])
            room = max(len(loose) - later, 0)
            n = action.nargs
            if isinstance(action, _SubParsers):
                if not loose:
                    continue
                values, loose = loose, []
            elif n is None:
                if not loose:
                    continue
                values, loose = self._one(action, loose[0]), loose[1:]
            elif n == OPTIONAL:
                if room >= 1 and loose:
                    values, loose = self._one(action, loose[0]), loose[1:]
                else:
                    values = action.default
                    if isinstance(values, str) and action.type is not None:
                        values = self._one(action, values)
            elif n in (ZERO_OR_MORE, ONE_OR_MORE, REMAINDER):
                if n == ONE_OR_MORE and room < 1:
                    continue
                values, loose = [self._one(action, t) for t in loose[:room]], loose[room:]
                if n == ZERO_OR_MORE and not values and action.default is not None:
                    values = action.default
            else:
                if len(loose) < n:
                    continue
                values, loose = [self._one(action, t) for t in loose[:n]], loose[n:]
            seen.add(action)
            action(self, namespace, values)
        self._extras.extend(loose)

    # -- text --

    def format_usage(self):
        return "usage: %s\n" % self._usage_text()

    def _usage_text(self):
        if self.usage is not None:
            return self.usage.replace("%(prog)s", self.prog)
        grouped = {}
        for group in self._exclusive:
            for a in group._group_actions:
                grouped[id(a)] = group
        done = set()
        options = []
        for a in self._actions:
            if not a.option_strings or a.help is SUPPRESS:
                continue
            group = grouped.get(id(a))
            if group is not None:
                if id(group) in done:
                    continue
                done.add(id(group))
                inner = " | ".join(_usage_part(a) for a in group._group_actions)
                options.append(("(%s)" if group.required else "[%s]") % inner)
            elif a.required:
                options.append(_usage_part(a))
            else:
                options.append("[%s]" % _usage_part(a))
        positionals = [_args_text(a, _metavar(a)) for a in self._actions
                       if not a.option_strings and a.help is not SUPPRESS]
        flat = " ".join([self.prog] + options + positionals)
        room = _WIDTH
        if len("usage: ") + len(flat) <= room:
            return flat
        # Too long for one line: options, then positionals, each filling lines that
        # start under the first argument.
        if len("usage: ") + len(self.prog) <= 0.75 * room:
            pad = " " * (len("usage: ") + len(self.prog) + 1)
            if options:
                lines = _fill([self.prog] + options, pad, room, len("usage: ") - 1)
                lines += _fill(positionals, pad, room, len(pad) - 1)
            else:
                lines = _fill([self.prog] + positionals, pad, room, len("usage: ") - 1)
            lines[0] = lines[0][len(pad):]
        else:
            pad = " " * len("usage: ")
            lines = [self.prog] + _fill(options, pad, room, len(pad) - 1) + \
                _fill(positionals, pad, room, len(pad) - 1)
        return "\n".join(line for line in lines if line.strip())

    def format_help(self):
        out = [self.format_usage()]
        if self.description:
            out.append("\n" + _wrap_text(self.description, _WIDTH, "") + "\n")
        positionals = [a for a in self._actions if not a.option_strings
                       and a.help is not SUPPRESS and not _in_groups(a, self._groups)]
        optionals = [a for a in self._actions if a.option_strings
                     and a.help is not SUPPRESS and not _in_groups(a, self._groups)]
        sections = [("positional arguments", positionals), ("options", optionals)]
        sections += [(g.title, [a for a in g._group_actions if a.help is not SUPPRESS])
                     for g in self._groups]
        shown = [a for _, actions in sections for a in actions]
        widest = max([len(_invocation(a)) + 2 for a in shown] or [0])
        column = min(widest + 2, 24)
        for title, actions in sections:
            if not actions:
                continue
            out.append("\n%s:\n" % title)
            description = next((g.description for g in self._groups
                                if g.title == title and g.description), None)
            if description:
                out.append(_wrap_text(description, _WIDTH, "  ") + "\n\n")
            for action in actions:
                out.append(_help_entry(action, self, column))
        if self.epilog:
            out.append("\n" + _wrap_text(self.epilog, _WIDTH, "") + "\n")
        return "".join(out)

    def print_usage(self, file=None):
        (file or sys.stdout).write(self.format_usage())

    def print_help(self, file=None):
        (file or sys.stdout).write(self.format_help())

    def exit(self, status=0, message=None):
        if message:
            sys.stderr.write(message)
        sys.exit(status)

    def error(self, message):
        sys.stderr.write(self.format_usage())
        self.exit(2, "%s: error: %s\n" % (self.prog, message))


def _in_groups(action, groups):
    return any(action in g._group_actions for g in groups)


def _is_negative_number(text):
    if not text.startswith("-") or len(text) < 2:
        return False
    try:
        float(text)
    except ValueError:
        return False
    return True


def _least(action):
    n = action.nargs
    if n in (OPTIONAL, ZERO_OR_MORE, REMAINDER):
        return 0
    if n in (None, ONE_OR_MORE, PARSER):
        return 1
    return n


def _metavar(action):
    if action.metavar is not None:
        return action.metavar
    if action.choices is not None and not isinstance(action, _SubParsers):
        return "{" + ",".join(map(str, action.choices)) + "}"
    if isinstance(action, _SubParsers):
        return "{" + ",".join(action.choices) + "}"
    if action.option_strings:
        return action.dest.upper()
    return action.dest


def _args_text(action, metavar):
    n = action.nargs
    if n is None:
        return metavar
    if n == OPTIONAL:
        return "[%s]" % metavar
    if n == ZERO_OR_MORE:
        return "[%s ...]" % metavar
    if n == ONE_OR_MORE:
        return "%s [%s ...]" % (metavar, metavar)
    if n == PARSER:
        return "%s ..." % metavar
    if n == REMAINDER:
        return "..."
    if n == 0:
        return ""
    return " ".join([metavar] * n)


def _usage_part(action):
    opt = action.option_strings[0]
    if action.nargs == 0:
        return opt
    return "%s %s" % (opt, _args_text(action, _metavar(action)))


def _fill(parts, pad, room, used):
    """`parts` joined by spaces into lines of at most `room` characters, each starting
    with `pad`; `used` is what the first line already holds before its first part."""
    lines = []
    line = []
    for part in parts:
        if line and used + 1 + len(part) > room:
            lines.append(pad + " ".join(line))
            line = []
            used = len(pad) - 1
        line.append(part)
        used += len(part) + 1
    if line:
        lines.append(pad + " ".join(line))
    return lines


def _wrap_text(text, width, pad):
    import textwrap
    flat = " ".join(text.split())
    return "\n".join(textwrap.wrap(flat, width, initial_indent=pad,
                                   subsequent_indent=pad))


def _invocation(action):
    if not action.option_strings:
        return _metavar(action)
    if action.nargs == 0:
        return ", ".join(action.option_strings)
    args = _args_text(action, _metavar(action))
    return ", ".join("%s %s" % (o, args) for o in action.option_strings)


def _help_entry(action, parser, column):
    head = _invocation(action)
    text = action.help or ""
    if text:
        values = {"default": action.default, "prog": parser.prog, "dest": action.dest,
                  "type": getattr(action.type, "__name__", action.type),
                  "choices": action.choices, "metavar": action.metavar}
        if "%" in text:
            text = text % values
    if not text:
        return "  " + head + "\n"
    import textwrap
    body = textwrap.wrap(" ".join(text.split()), max(_WIDTH - column, 11))
    if len(head) <= column - 4:
        first = "  " + head.ljust(column - 4) + "  " + body[0]
    else:
        first = "  " + head + "\n" + " " * column + body[0]
    rest = ["\n" + " " * column + line for line in body[1:]]
    return first + "".join(rest) + "\n"


class FileType:
    def __init__(self, mode="r", bufsize=-1, encoding=None, errors=None):
        self._mode = mode

    def __call__(self, string):
        if string == "-":
            return sys.stdin if "r" in self._mode else sys.stdout
        raise ArgumentTypeError("can't open '%s': files are not simulated" % string)
