; Lanyard's additions to electron-builder's NSIS uninstaller.
; A plain uninstall keeps all data. With an explicit --delete-app-data the stock uninstaller
; deletes %APPDATA%\Lanyard (the hub's data, shared with the `lanyard` CLI); this also deletes
; the desktop app's own profile folder, %APPDATA%\Lanyard Desktop (main/electron/paths.ts).
!macro customUnInstall
  ClearErrors
  ${GetParameters} $R0
  ${GetOptions} $R0 "--delete-app-data" $R1
  ${ifNot} ${Errors}
    ${if} $installMode == "all"
      SetShellVarContext current
    ${endif}
    RMDir /r "$APPDATA\Lanyard Desktop"
    ${if} $installMode == "all"
      SetShellVarContext all
    ${endif}
  ${endif}
!macroend
