using System.ComponentModel.DataAnnotations;

namespace Portal.Web.Mail;

/// <summary>Configuration section <c>Portal:Mail</c>: the SMTP server invitations and password-reset links go through.</summary>
public sealed class MailOptions
{
    public const string Section = "Portal:Mail";

    /// <summary>Empty: no mail. Development then shows links to the admin; other environments refuse to invite.</summary>
    [MaxLength(253)]
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    public MailSecurity Security { get; set; } = MailSecurity.StartTls;

    [MaxLength(256)]
    public string? UserName { get; set; }

    [MaxLength(256)]
    public string? Password { get; set; }

    /// <summary>The sender, e.g. <c>VM Portal &lt;portal@example.com&gt;</c>.</summary>
    [MaxLength(320)]
    public string From { get; set; } = "VM Portal <portal@localhost>";

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}

/// <summary>How the connection to the SMTP server is secured.</summary>
public enum MailSecurity
{
    /// <summary>Plain SMTP (a relay on the same machine or network only).</summary>
    None,
    /// <summary>STARTTLS, required (port 587).</summary>
    StartTls,
    /// <summary>TLS from the first byte (port 465).</summary>
    Tls,
}
