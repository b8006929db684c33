using System.Globalization;
using System.Text;

namespace Portal.Web.Features.Account;

/// <summary>What people type for codes, made comparable, and how keys are shown to them.</summary>
public static class TwoFactorCodes
{
    public const string Issuer = "VM Portal";
    public const int RecoveryCodeCount = 10;

    /// <summary>An authenticator code as apps show it ("123 456") becomes "123456".</summary>
    public static string Normalize(string? code) =>
        new((code ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());

    /// <summary>
    /// A recovery code without spaces around or inside it, in capitals as the codes are made (the dash stays: it is
    /// part of the code).
    /// </summary>
    public static string NormalizeRecovery(string? code) =>
        new string((code ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();

    /// <summary>The base32 key in groups of four, easier to type into an app by hand.</summary>
    public static string FormatKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            if (i > 0) text.Append(' ');
            text.Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }
        return text.ToString().ToUpperInvariant();
    }

    /// <summary>The key as authenticator apps read it from a QR code (Key URI format: TOTP, SHA-1, 6 digits, 30 s).</summary>
    public static string AuthenticatorUri(string account, string key) =>
        string.Format(CultureInfo.InvariantCulture, "otpauth://totp/{0}:{1}?secret={2}&issuer={0}&digits=6",
            Uri.EscapeDataString(Issuer), Uri.EscapeDataString(account), key);
}
