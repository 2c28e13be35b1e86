using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace ChildForum.Core.Data;

/// <summary>A value built once per EF Core model (by <paramref name="build"/>, from the first context of that model), such
/// as a compiled query (<c>EF.CompileAsyncQuery</c>) or SQL written with the model's names. EF binds a
/// compiled query to the first model it runs on and refuses any other, and one process can hold several models: the
/// tests run sites on SQLite and on PostgreSQL side by side. A site in production has one model, so this is one
/// lookup per call.</summary>
public sealed class PerModel<T>(Func<DbContext, T> build) where T : class
{
    private readonly ConditionalWeakTable<IModel, T> _values = new();

    public T For(DbContext db) => _values.GetValue(db.Model, _ => build(db));
}
