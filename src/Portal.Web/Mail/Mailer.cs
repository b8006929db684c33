using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Portal.Web.Mail;

/// <summary>Sends the portal's few mails (plain text, one recipient) through the configured SMTP server.</summary>
public sealed partial class Mailer(IOptions<MailOptions> options, ILogger<Mailer> logger)
{
    public bool IsConfigured => options.Value.IsConfigured;

    /// <summary>Throws <see cref="MailException"/> with a message an admin can act on when the mail could not be handed over.</summary>
    public async Task SendAsync(string to, string subject, string body, CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!o.IsConfigured) throw new MailException("Mail is not configured (Portal:Mail:Host).");
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(o.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = body };

        using var client = new SmtpClient { Timeout = (int)o.Timeout.TotalMilliseconds };
        try
        {
            var security = o.Security switch
            {
                MailSecurity.None => SecureSocketOptions.None,
                MailSecurity.Tls => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTls,
            };
            await client.ConnectAsync(o.Host!, o.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(o.UserName)) await client.AuthenticateAsync(o.UserName, o.Password ?? "", cancellationToken);
            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or MailKit.ProtocolException
                                      or MailKit.CommandException or AuthenticationException or TimeoutException
                                      or System.Security.Authentication.AuthenticationException)
        {
            LogFailed(logger, o.Host!, o.Port, e.Message);
            throw new MailException($"The mail server {o.Host}:{o.Port} did not take the message: {e.Message}", e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail through {Host}:{Port} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string host, int port, string error);
}

public sealed class MailException(string message, Exception? inner = null) : Exception(message, inner);
