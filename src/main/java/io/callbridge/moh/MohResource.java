package io.callbridge.moh;

import io.callbridge.api.problem.ProblemException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

/** Music-on-hold classes: list, upload a file (creating its class), delete a file or a class. Thin: {@link MohClasses}. */
@Path("/api/moh/classes")
@Produces(MediaType.APPLICATION_JSON)
public class MohResource {

    /** A class as the API shows it. */
    public record MohClassResponse(@Schema(required = true) String name,
                                   @Schema(required = true, description = "File names, without extension") List<String> files) {
        static MohClassResponse of(MohClasses.MohClass c) {
            return new MohClassResponse(c.name(), c.files());
        }
    }

    /** The classes managed over the API. */
    public record MohClassList(@Schema(required = true) List<MohClassResponse> classes) {
    }

    private final MohClasses classes;

    MohResource(MohClasses classes) {
        this.classes = classes;
    }

    @GET
    @Operation(summary = "Music-on-hold classes", description = "The classes managed over the API, by name. The "
            + "class default (Asterisk's own files) is always there and not listed.")
    public MohClassList list() {
        return new MohClassList(classes.list().stream().map(MohClassResponse::of).toList());
    }

    @PUT
    @Path("{name}/files/{file}")
    @Consumes({"audio/wav", "audio/x-wav", "audio/wave", "audio/mpeg", MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Upload a music-on-hold file", description = "A WAV or MP3 file, converted to 8 kHz mono "
            + "16-bit WAV for Asterisk; creates the class if it is new and replaces a file of the same name. Names: "
            + "1-64 letters, digits, _ or -. 400 for a bad name, 415 for audio that cannot be read, 413 past the "
            + "request size limit.")
    @RequestBody(required = true, content = {
            @Content(mediaType = "audio/wav", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "audio/x-wav", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "audio/wave", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "audio/mpeg", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM, schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "200", description = "The class with its files",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MohClassResponse.class)))
    public MohClassResponse upload(@RestPath String name, @RestPath String file, byte[] audio) {
        if (audio == null || audio.length == 0) throw new ProblemException(400, "the request body must be a WAV or MP3 file");
        try {
            return MohClassResponse.of(classes.upload(name, file, audio));
        } catch (MohClasses.Refused e) {
            throw new ProblemException(e.status, e.getMessage());
        }
    }

    @DELETE
    @Path("{name}")
    @Operation(summary = "Delete a music-on-hold class", description = "With its files. Calls held with it, and "
            + "routes naming it, get the class default. 404 for an unknown class.")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@RestPath String name) {
        if (!classes.delete(name)) throw new ProblemException(404, "no music-on-hold class " + name);
        return Response.noContent().build();
    }

    @DELETE
    @Path("{name}/files/{file}")
    @Operation(summary = "Delete a music-on-hold file", description = "404 for an unknown class or file.")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response deleteFile(@RestPath String name, @RestPath String file) {
        if (!classes.deleteFile(name, file)) throw new ProblemException(404, "no file " + file + " in class " + name);
        return Response.noContent().build();
    }
}
