namespace ChildForum.Meetings.Tests;
