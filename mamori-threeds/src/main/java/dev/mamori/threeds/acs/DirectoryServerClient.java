package dev.mamori.threeds.acs;

import dev.mamori.threeds.message.ThreeDsMessage;
import java.io.IOException;

/** Sends the result of a challenge (RReq) to the Directory Server. */
@FunctionalInterface
public interface DirectoryServerClient {

    /**
     * @return the DS's answer: an RRes, or an Erro when the DS refused the RReq
     * @throws IOException when the DS cannot be reached or does not answer with a 3-D Secure message
     */
    ThreeDsMessage sendResult(ThreeDsMessage rreq) throws IOException;
}
