using ChildForum.Core.Identity;
using Microsoft.AspNetCore.Identity;

namespace ChildForum.Accounts.SignIn;

/// <summary>Checks an e-mail address and password the same way whether or not the address has an account: an unknown
/// address, an invitation not yet accepted and a locked account each cost one password hash, like a wrong password, and
/// all of them answer "no". (Identity's PasswordSignInAsync answers a locked account before hashing, which both tells
/// and times apart that the account exists.)</summary>
public sealed class PasswordCheck(UserManager<ForumUser> users, IPasswordHasher<ForumUser> hasher, TimeProvider clock)
{
    private static readonly ForumUser Nobody = new() { Id = "nobody" };
    private static string? _dummyHash;

    /// <summary>The account when the password is right and the account may sign in; null otherwise.</summary>
    public async Task<ForumUser?> CheckAsync(string email, string password)
    {
        var user = await users.FindByEmailAsync(email);
        if (user?.PasswordHash is null)
        {
            _dummyHash ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString("N"));
            hasher.VerifyHashedPassword(Nobody, _dummyHash, password);
            return null;
        }
        var right = await users.CheckPasswordAsync(user, password);
        return right && !IsLocked(user) ? user : null;
    }

    /// <summary>Locked by an administrator (failed passwords never lock).</summary>
    public bool IsLocked(ForumUser user) => user.LockoutEnd > clock.GetUtcNow();
}
