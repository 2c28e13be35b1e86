using ChildForum.Accounts;
using ChildForum.Core;
using ChildForum.Theme;
using ChildForum.Web.Setup;
using ChildForum.WorkingGroups;

var builder = WebApplication.CreateBuilder(args);

builder.AddForumData();
builder.AddChildForumCore();
builder.AddTheme();
builder.AddAccounts();
builder.AddWorkingGroups();

var app = builder.Build();

app.UseChildForumCore();
app.MapChildForumCore();
app.MapAccounts();
app.MapWorkingGroups();

return await app.RunChildForumAsync(args);

public partial class Program;
