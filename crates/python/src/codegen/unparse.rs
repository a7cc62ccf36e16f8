//! Annotations as text under `from __future__ import annotations`: CPython stores the
//! expression unparsed from its AST (normalised spacing and quotes), which this
//! reproduces for the forms annotations use (names, attributes, subscripts, constants,
//! tuples, lists, `|`, calls); anything else keeps its source text.

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

use super::konst::Const;

/// The text CPython's unparser gives for `e`.
pub(super) fn expr(e: &Expr, source: &str) -> String {
    match e {
        Expr::Name(n) => n.id.to_string(),
        Expr::Attribute(a) => format!("{}.{}", expr(&a.value, source), a.attr),
        Expr::Subscript(s) => {
            let index = match &*s.slice {
                Expr::Tuple(t) if !t.elts.is_empty() => t
                    .elts
                    .iter()
                    .map(|x| expr(x, source))
                    .collect::<Vec<_>>()
                    .join(", "),
                other => expr(other, source),
            };
            format!("{}[{index}]", expr(&s.value, source))
        }
        Expr::StringLiteral(s) => Const::str(s.value.to_str()).repr(),
        Expr::NoneLiteral(_) => "None".into(),
        Expr::BooleanLiteral(b) => if b.value { "True" } else { "False" }.into(),
        Expr::EllipsisLiteral(_) => "...".into(),
        Expr::NumberLiteral(n) => match &n.value {
            ast::Number::Int(i) => super::fold::int_literal(i).to_string(),
            ast::Number::Float(f) => Const::Float(*f).repr(),
            ast::Number::Complex { real, imag } => Const::Complex(*real, *imag).repr(),
        },
        Expr::Tuple(t) => {
            let items: Vec<String> = t.elts.iter().map(|x| expr(x, source)).collect();
            if items.len() == 1 {
                format!("({},)", items[0])
            } else {
                format!("({})", items.join(", "))
            }
        }
        Expr::List(l) => {
            let items: Vec<String> = l.elts.iter().map(|x| expr(x, source)).collect();
            format!("[{}]", items.join(", "))
        }
        Expr::BinOp(b) if b.op == ast::Operator::BitOr => {
            format!("{} | {}", expr(&b.left, source), expr(&b.right, source))
        }
        Expr::Call(c) if c.arguments.keywords.is_empty() => {
            let args: Vec<String> = c.arguments.args.iter().map(|x| expr(x, source)).collect();
            format!("{}({})", expr(&c.func, source), args.join(", "))
        }
        other => {
            let r = other.range();
            source
                .get(r.start().to_usize()..r.end().to_usize())
                .unwrap_or("")
                .to_owned()
        }
    }
}
