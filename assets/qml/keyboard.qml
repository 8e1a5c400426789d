// On-screen keyboard inside the kiosk window (Qt Virtual Keyboard InputPanel).
// Polish layout first; English and Ukrainian follow the visitor's language.
import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

InputPanel {
    id: panel
    // The layout in force is the keyboard's own localeIndex: the globe key changes it, not
    // VirtualKeyboardSettings.locale. Setting the setting to the value it already has
    // changes nothing (no change signal), so the layout is set directly as well
    // (Qt Virtual Keyboard 6.11, Components/Keyboard.qml).
    function setLocale(name) {
        VirtualKeyboardSettings.locale = name
        var index = panel.keyboard.findLocale(name, -1)
        if (index !== -1)
            panel.keyboard.localeIndex = index
    }
    function currentLocale() {
        return panel.keyboard.locale
    }
    function nextLanguage() {  // what the globe key does
        panel.keyboard.changeInputLanguage(false)
    }
    Component.onCompleted: {
        VirtualKeyboardSettings.activeLocales = ["pl_PL", "en_GB", "uk_UA"]
        VirtualKeyboardSettings.locale = "pl_PL"
    }
}
