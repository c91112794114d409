// Entry of the replay bundle: exposes rrweb-player to the inspector's plain script.
import RrwebPlayer from 'rrweb-player';

window.MilanaReplayPlayer = RrwebPlayer;
