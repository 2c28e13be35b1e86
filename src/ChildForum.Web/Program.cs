using ChildForum.Accounts;
using ChildForum.Core;
using ChildForum.Discussions;
using ChildForum.Files;
using ChildForum.Mail;
using ChildForum.Meetings;
using ChildForum.PolicyDrafts;
using ChildForum.Search;
using ChildForum.Theme;
using ChildForum.Web.Setup;
using ChildForum.WorkingGroups;

var builder = WebApplication.CreateBuilder(args);

builder.AddHostSettings();
builder.AddForumData();
builder.AddChildForumCore();
builder.AddTheme();
builder.AddAccounts();
builder.AddWorkingGroups();
builder.AddDiscussions();
builder.AddPolicyDrafts();
builder.AddMeetings();
builder.AddFiles();
builder.AddSearch();
builder.AddMail();

var app = builder.Build();

app.UseChildForumCore();
app.MapChildForumCore();
app.MapAccounts();
app.MapWorkingGroups();
app.MapDiscussions();
app.MapPolicyDrafts();
app.MapMeetings();
app.MapFiles();
app.MapSearch();
app.MapMail();

return await app.RunChildForumAsync(args);

public partial class Program;
