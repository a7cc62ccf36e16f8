"""Frozenset constants: their order depends on the hashes (PYTHONHASHSEED=0) and on which
strings CPython had interned (tests/dis.rs)."""

def f0(x):
    return x in {'quoting', 'whether', 'unlikely', 'bethard'}
def f1(x):
    return x in {'compared', 'order', 'unhandled', 'module', 'nlen'}
def f2(x):
    return x in {'wake', 'edited', 'cause', 'on', 'appeared', 'kwargs'}
def f3(x):
    return x in {'requote', 'unixfrom', 'unset', 'above', 'style', 'minus'}
def f4(x):
    return x in {'technique', 'whereas', 'equality', 'registries', 'checked'}
def f5(x):
    return x in {'applied', 'alternate', 'anybody', 'shrink', 'prefix'}
def f6(x):
    return x in {'java', 'steven', 'enabled'}
def f7(x):
    return x in {'textwrap', 'appears', 'pickled', 'enqueue', 'unlikely', 'mechanism'}
def f8(x):
    return x in {'production', 'event', 'important', 'errors', 'stacklevel', 'encounters'}
def f9(x):
    return x in {'frames', 'alter', 'long', 'proper', 'setter', 'characters'}
def f10(x):
    return x in {'seconds', 'terminator', 'future', 'compliant'}
def f11(x):
    return x in {'technique', 'supply', 'outer', 'maintain', 'package'}
def f12(x):
    return x in {'getvalue', 'format', 'ref', 'otherwise'}
def f13(x):
    return x in {'leading', 'references', 'arg', 'notify', 'existed', 'too', 'weakref'}
def f14(x):
    return x in {'logging', 'sole', 'definition', 'intermix', 'problem', 'subtly'}
def f15(x):
    return x in {'can', 'mentioned', 'socket', 'pair', 'clears'}
def f16(x):
    return x in {'pattern', 'leading', 'invocation', 'only'}
def f17(x):
    return x in {'new', 'attached', 'goes'}
def f18(x):
    return x in {'relative', 'reason', 'leak', 'should', 'defect', 'default', 'overhead'}
def f19(x):
    return x in {'added', 'upper', 'don', 'predefined'}
def f20(x):
    return x in {'evaluates', 'lineno', 'parsers', 'imminent', 'really', 'indicating', 'mutually'}
def f21(x):
    return x in {'size', 'probably', 'reset', 'there', 'acquire'}
def f22(x):
    return x in {'ve', 'timer', 'parse', 'would', 'console', 'passes'}
def f23(x):
    return x in {'dubious', 'manage', 'basename', 'null', 'integers', 'raised', 'prog'}
def f24(x):
    return x in {'overwrite', 'logger', 'occurrence', 'written'}
def f25(x):
    return x in {'logging', 'imported', 'about', 'pre', 'predicate'}
def f26(x):
    return x in {'waited', 'resume', 'hereby', 'mutating', 'remove', 'appear', 'width'}
def f27(x):
    return x in {'sensitive', 'depends', 'processing', 'red'}
def f28(x):
    return x in {'cases', 'were', 'produce', 'weak'}
def f29(x):
    return x in {'are', 'specify', 'boundaries', 'callable', 'aliases'}
def f30(x):
    return x in {'adds', 'twice', 'types', 'force', 'expression', 'final'}
def f31(x):
    return x in {'weak', 'safety', 'determine'}
def f32(x):
    return x in {'free', 'bootstrap', 'deemed', 'data', 'factory'}
def f33(x):
    return x in {'deepest', 'simply', 'fixed', 'show', 'supplying', 'func', 'much'}
def f34(x):
    return x in {'organized', 'node', 'columns', 'ambiguous', 'granted'}
def f35(x):
    return x in {'immediate', 'made', 'ways', 'did', 'fallback', 'clone'}
def f36(x):
    return x in {'thereof', 'parameter', 'edge', 'represents', 'matches'}
def f37(x):
    return x in {'entry', 'all', 'less'}
def f38(x):
    return x in {'args', 'target', 'datefmt', 'minus'}
def f39(x):
    return x in {'standards', 'manager', 'print', 'endtime', 'seem', 'weakref', 'structures'}
def f40(x):
    return x in {'monotonic', 'enter', 'periods', 'shown', 'applied', 'leave', 'splitext'}
def f41(x):
    return x in {'whose', 'happen', 'skip', 'seen', 'manager', 'become', 'three'}
def f42(x):
    return x in {'conform', 'element', 'augmented', 'globals', 'boundaries'}
def f43(x):
    return x in {'gotit', 'generate', 'too'}
def f44(x):
    return x in {'long', 'pystate', 'extracted', 'consulting'}
def f45(x):
    return x in {'public', 'arranges', 'registered'}
def f46(x):
    return x in {'raised', 'named', 'defined', 'valid'}
def f47(x):
    return x in {'pairs', 'around', 'iterable', 'dot', 'imports', 'char', 'dummy'}
def f48(x):
    return x in {'speeding', 'matter', 'registry', 'discarded', 'option', 'children', 'someone'}
def f49(x):
    return x in {'functools', 'overriding', 'our', 'alive', 'having', 'resulting'}
def f50(x):
    return x in {'forever', 'allow', 'daemon', 'double', 'heappop', 'wrappable'}
def f51(x):
    return x in {'variables', 'contains', 'id', 'maps', 'email', 'fill', 'split'}
def f52(x):
    return x in {'iterators', 'private', 'imminent'}
def f53(x):
    return x in {'occur', 'until', 'pointed', 'ever', 'binascii', 'textual', 'assume'}
def f54(x):
    return x in {'contain', 'defaults', 'decrement'}
def f55(x):
    return x in {'email', 'filtering', 'under', 'hex', 'removed', 'owner', 'factory'}
def f56(x):
    return x in {'human', 'identified', 'columns', 'friends', 'every'}
def f57(x):
    return x in {'val', 'swallow', 'one', 'content', 'rebindings', 'produce', 'updating'}
def f58(x):
    return x in {'handy', 'assigned', 'll'}
def f59(x):
    return x in {'its', 'waittime', 'counts'}

def g(x):
    if x in {("text", "html"), ("text", "plain"), ("multipart", "alternative"), ("multipart", "related")}:
        return 1
    if x in {b"GET", b"POST", b"PUT", b"DELETE", b"PATCH"}:
        return 2
    if x in {"attlist", "linktype", "link", "element"}:
        return 3
    return x in {(1, 2), (3, -4), (-5, 6, 7), ("a", 1), ()}


def h(cmd):
    match cmd:
        case "start" | "stop":
            return cmd in {"start", "stop", "status", "restart", "reload", "help", "quit"}
