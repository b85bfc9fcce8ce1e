package schema

// Windows platforms of a workload (Copilot's platform values); the task
// definition's OperatingSystemFamily is the upper-case form.
const (
	WindowsServer2019Core = "windows_server_2019_core"
	WindowsServer2019Full = "windows_server_2019_full"
	WindowsServer2022Core = "windows_server_2022_core"
	WindowsServer2022Full = "windows_server_2022_full"
)

// WindowsPlatforms lists the Windows platforms in the order docs give them.
var WindowsPlatforms = []string{WindowsServer2019Core, WindowsServer2019Full, WindowsServer2022Core, WindowsServer2022Full}

// The smallest task Fargate runs on Windows, which are also Copilot's
// defaults for a Windows workload.
const (
	MinWindowsCPU    = 1024
	MinWindowsMemory = 2048
)
