# Infomat kiosk setup for Windows 10/11 Enterprise / Education / IoT Enterprise.
# Run as Administrator after copying the bundle to C:\Program Files\Infomat and the config
# to C:\ProgramData\Infomat\kiosk.toml. Safe to run again. See README.md next to it.
# Not run in CI (no Windows machine there): try it on one PC first.
#Requires -RunAsAdministrator
param(
    [string]$KioskUser = "kiosk",
    [string]$Program = "C:\Program Files\Infomat\infomat.exe",
    [string]$Config = "C:\ProgramData\Infomat\kiosk.toml"
)
$ErrorActionPreference = "Stop"

if (-not (Test-Path $Program)) { throw "No bundle at $Program (copy dist\infomat there first)" }
& $Program check-config $Config
if ($LASTEXITCODE -ne 0) { throw "The config has problems (listed above); fix them first" }

# 2. Local standard account (password set interactively; use Sysinternals Autologon for sign-in).
if (-not (Get-LocalUser -Name $KioskUser -ErrorAction SilentlyContinue)) {
    $password = Read-Host -AsSecureString "Password for the new local account '$KioskUser'"
    New-LocalUser -Name $KioskUser -Password $password -FullName "Infomat kiosk" -PasswordNeverExpires | Out-Null
    Add-LocalGroupMember -Group "Users" -Member $KioskUser
}
$sid = (Get-LocalUser -Name $KioskUser).SID.Value
icacls (Split-Path $Config) /inheritance:r /grant:r "Administrators:(OI)(CI)F" "SYSTEM:(OI)(CI)F" "${KioskUser}:(OI)(CI)RX" | Out-Null

# 3. Shell Launcher: the supervisor is the kiosk user's shell; restart it when it exits.
foreach ($feature in "Client-EmbeddedShellLauncher", "Client-KeyboardFilter") {
    $state = (Get-WindowsOptionalFeature -Online -FeatureName $feature).State
    if ($state -ne "Enabled") { Enable-WindowsOptionalFeature -Online -FeatureName $feature -NoRestart | Out-Null }
}
$launcher = [wmiclass]"\\localhost\root\standardcimv2\embedded:WESL_UserSetting"
$launcher.SetEnabled($true) | Out-Null
$shell = "`"$Program`" supervise --config `"$Config`""
try { $launcher.RemoveCustomShell($sid) | Out-Null } catch { }
# DefaultAction 0 = restart the shell whenever it exits.
$launcher.SetCustomShell($sid, $shell, $null, $null, 0) | Out-Null

# 4. Keyboard Filter: predefined combinations blocked for everyone but administrators.
$keys = "Windows", "Ctrl+Alt+Del", "Ctrl+Esc", "Alt+Tab", "Alt+Esc", "Alt+F4", "Ctrl+Shift+Esc", "Win+L"
foreach ($id in $keys) {
    $key = Get-CimInstance -Namespace root\standardcimv2\embedded -ClassName WEKF_PredefinedKey |
        Where-Object Id -eq $id
    if ($key) { Set-CimInstance -InputObject $key -Property @{ Enabled = $true } }
}
$settings = Get-CimInstance -Namespace root\standardcimv2\embedded -ClassName WEKF_Settings |
    Where-Object Name -eq "DisableKeyboardFilterForAdministrators"
if ($settings) { Set-CimInstance -InputObject $settings -Property @{ Value = "true" } }

# 5. Accessibility shortcuts off for the kiosk user (loaded hive), no sleep, no edge swipes.
$hive = "C:\Users\$KioskUser\NTUSER.DAT"
if (Test-Path $hive) {
    reg load "HKU\InfomatKiosk" $hive | Out-Null
    try {
        reg add "HKU\InfomatKiosk\Control Panel\Accessibility\StickyKeys" /v Flags /t REG_SZ /d 506 /f | Out-Null
        reg add "HKU\InfomatKiosk\Control Panel\Accessibility\Keyboard Response" /v Flags /t REG_SZ /d 122 /f | Out-Null
        reg add "HKU\InfomatKiosk\Control Panel\Accessibility\ToggleKeys" /v Flags /t REG_SZ /d 58 /f | Out-Null
    } finally { [gc]::Collect(); reg unload "HKU\InfomatKiosk" | Out-Null }
} else {
    Write-Warning "Sign in once as $KioskUser so its profile exists, then run this script again for step 5"
}
powercfg /change standby-timeout-ac 0
powercfg /change monitor-timeout-ac 0
New-Item -Path "HKLM:\SOFTWARE\Policies\Microsoft\Windows\EdgeUI" -Force | Out-Null
Set-ItemProperty -Path "HKLM:\SOFTWARE\Policies\Microsoft\Windows\EdgeUI" -Name AllowEdgeSwipe -Value 0 -Type DWord

Write-Host "Done. Set up automatic sign-in for '$KioskUser' (Sysinternals Autologon) and restart."
