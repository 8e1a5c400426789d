// On-screen keyboard inside the kiosk window (Qt Virtual Keyboard InputPanel).
// Polish layout first; English and Ukrainian follow the visitor's language.
import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

InputPanel {
    id: panel
    function setLocale(name) {
        VirtualKeyboardSettings.locale = name
    }
    Component.onCompleted: {
        VirtualKeyboardSettings.activeLocales = ["pl_PL", "en_GB", "uk_UA"]
        VirtualKeyboardSettings.locale = "pl_PL"
    }
}
