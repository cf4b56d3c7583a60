//! `Tx`: one transaction that several repositories add their statements to. A product
//! approval and the seller's notification, or a Stripe event, its effect and the news it
//! sends, commit together or not at all, while each table's SurrealQL stays in its own
//! domain's repository.
//!
//! Each `add` is one group of statements with its own scope: every `$name` in it (its
//! parameters and its `LET` variables) is renamed `$t3_name`, so groups written by different
//! repositories never collide. Values are bound, never written into the text. `commit` wraps
//! the statements in `BEGIN`/`COMMIT`, retries write conflicts, and reports the statement
//! that failed.

use surrealdb::types::{SurrealValue, Value};

use super::{Db, DbError, retry_on_conflict, root_error};

/// Variables SurrealDB itself defines; they keep their names.
const BUILTIN_VARS: &[&str] =
    &["value", "this", "parent", "before", "after", "auth", "session", "token", "input", "event", "access"];

/// A transaction being built.
#[derive(Default)]
pub(crate) struct Tx {
    statements: Vec<String>,
    vars: Vec<(String, Value)>,
    scopes: usize,
}

/// A condition one repository's statements set and another's depend on, such as "the
/// payout moved forward" for the notifications that say so. Made by the repository that
/// knows what it means (`Group::flag`); used, never read, by the others.
#[derive(Clone, Debug)]
pub(crate) struct Flag(String);

/// One group of statements in a transaction, for binding its parameters.
pub(crate) struct Group<'a> {
    tx: &'a mut Tx,
    prefix: String,
}

impl Group<'_> {
    /// Binds `$name` of this group.
    pub(crate) fn bind(self, name: &str, value: impl SurrealValue) -> Self {
        self.tx.vars.push((format!("{}{name}", self.prefix), value.into_value()));
        self
    }

    /// A condition over this group's variables (`array::len($moved) > 0`).
    pub(crate) fn flag(&self, expression: &str) -> Flag {
        Flag(scoped(expression, &self.prefix))
    }
}

impl Tx {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Adds a group of statements (each ending in `;`), in a scope of its own.
    pub(crate) fn add(&mut self, statements: &str) -> Group<'_> {
        self.scopes += 1;
        let prefix = format!("t{}_", self.scopes);
        self.statements.push(scoped(statements, &prefix));
        Group { tx: self, prefix }
    }

    /// Runs the statements `add` adds only when `flag` holds; nothing at all when it adds none.
    pub(crate) fn when(&mut self, flag: &Flag, add: impl FnOnce(&mut Tx)) {
        let from = self.statements.len();
        add(self);
        if self.statements.len() > from {
            let body = self.statements.split_off(from).join("\n");
            self.statements.push(format!("IF {} {{\n{body}\n}};", flag.0));
        }
    }

    /// The transaction's text (for tests and logs; values are never in it).
    pub(crate) fn sql(&self) -> String {
        format!("BEGIN;\n{}\nCOMMIT;", self.statements.join("\n"))
    }

    /// Commits the transaction once, retrying write conflicts. A `THROW` arrives as
    /// `DbError::Thrown`, a duplicate record id as `DbError::RecordExists`.
    pub(crate) async fn commit(self, db: &Db) -> Result<(), DbError> {
        let sql = self.sql();
        let vars = self.vars;
        retry_on_conflict(|| async {
            let mut query = db.query(sql.as_str());
            for (name, value) in &vars {
                query = query.bind((name.clone(), value.clone()));
            }
            let mut results = query.await?;
            match root_error(&mut results) {
                Some(e) => Err(e),
                None => Ok(()),
            }
        })
        .await
    }
}

/// Renames every `$name` outside string literals to `$<prefix>name`, built-ins aside.
fn scoped(sql: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 32);
    let mut chars = sql.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        out.push(c);
        match (quote, c) {
            (Some(q), '\\') if q != '`' => {
                if let Some(escaped) = chars.next() {
                    out.push(escaped);
                }
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"' | '`') => quote = Some(c),
            (None, '$') => {
                let mut name = String::new();
                while let Some(&n) = chars.peek() {
                    if n.is_ascii_alphanumeric() || n == '_' {
                        name.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                if !name.is_empty() && !BUILTIN_VARS.contains(&name.as_str()) {
                    out.push_str(prefix);
                }
                out.push_str(&name);
            }
            (None, _) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn memory_db() -> Db {
        let db = crate::db::memory_bare("test").await;
        db.query("DEFINE TABLE thing SCHEMALESS").await.unwrap().check().unwrap();
        db
    }

    fn add_thing(tx: &mut Tx, id: &str, n: i64) -> Flag {
        tx.add("LET $done = (UPSERT type::record('thing', $id) SET n = $n RETURN VALUE id);")
            .bind("id", id.to_string())
            .bind("n", n)
            .flag("array::len($done) > 0")
    }

    #[tokio::test]
    async fn groups_share_one_transaction_without_colliding() {
        let db = memory_db().await;
        let mut tx = Tx::new();
        let first = add_thing(&mut tx, "a", 1);
        add_thing(&mut tx, "b", 2);
        tx.when(&first, |tx| {
            add_thing(tx, "c", 3);
        });
        tx.when(&Flag("false".into()), |tx| {
            add_thing(tx, "d", 4);
        });
        tx.commit(&db).await.unwrap();
        let mut ids: Vec<String> =
            db.query("SELECT VALUE <string> record::id(id) FROM thing").await.unwrap().take(0).unwrap();
        ids.sort();
        assert_eq!(ids, ["a", "b", "c"]);
    }

    #[tokio::test]
    async fn a_throw_leaves_nothing_behind() {
        let db = memory_db().await;
        let mut tx = Tx::new();
        add_thing(&mut tx, "a", 1);
        tx.add("THROW 'nope';");
        let err = tx.commit(&db).await.unwrap_err();
        assert!(matches!(&err, DbError::Thrown(r) if r == "nope"), "{err:?}");
        let ids: Vec<String> =
            db.query("SELECT VALUE <string> record::id(id) FROM thing").await.unwrap().take(0).unwrap();
        assert!(ids.is_empty());
    }

    #[test]
    fn names_are_scoped_outside_strings_and_values_never_enter_the_text() {
        assert_eq!(
            scoped("LET $p = $id + '$id' + \"$x\\\"$y\"; RETURN $value;", "t1_"),
            "LET $t1_p = $t1_id + '$id' + \"$x\\\"$y\"; RETURN $value;"
        );
        let mut tx = Tx::new();
        add_thing(&mut tx, "'; REMOVE TABLE user; --", 1);
        assert!(!tx.sql().contains("REMOVE"));
    }
}
