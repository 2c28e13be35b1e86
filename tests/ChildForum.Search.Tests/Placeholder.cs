namespace ChildForum.Search.Tests;
